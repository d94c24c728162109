using System.CommandLine;
using System.Diagnostics;
using BkConsole.Core.Errors;
using BkConsole.Core.Flash;
using BkConsole.Core.Usb;
using BkConsole.Devices.Spi;
using BkConsole.Devices.Spi.Ch341a;
using BkConsole.Devices.Usb;
using BkConsole.Simulator.Spi;
using BkConsole.Storage;

namespace BkConsole.Cli;

/// <summary>
/// <c>bkconsole spi id|read|erase|write|verify|unprotect</c>: thin adapters over <see cref="SpiFlashService"/>
/// with a CH341A (libusb) or the built-in emulator as the programmer.
/// </summary>
public static class SpiCommands
{
    private static readonly Option<string> Programmer = new("--programmer")
    {
        Description = "The programmer: ch341a (a CH341A, USB 1a86:5512) or emulator (a simulated CH341A + BK7252 + XT25F32B)",
        DefaultValueFactory = _ => "ch341a",
    };

    private static readonly Option<string?> EmulatedImage = new("--emulated-image")
    {
        Description = "With --programmer emulator: the 4 MiB flash image the emulator uses (created if missing, saved back after erase/write)",
    };

    private static readonly Option<string?> UsbTrace = new("--usb-trace")
    {
        Description = "Write every USB bulk transfer to FILE as 'OUT 02 <hex>' / 'IN 82 <hex>' lines",
    };

    private static readonly Option<int> Attempts = new("--attempts")
    {
        Description = "Beken SPI-mode entry attempts (CEN pulse + 0xD2 run) before giving up",
        DefaultValueFactory = _ => SpiTimeouts.BekenMaxAttempts,
    };

    private static readonly Option<bool> NoBeken = new("--no-beken")
    {
        Description = "A bare flash chip in the programmer's socket: no CEN pulse / 0xD2 entry",
    };

    private static readonly Option<int> Seed = new("--seed")
    {
        Description = "With --programmer emulator: seed of the simulated chip's flaky SPI-mode entry",
        DefaultValueFactory = _ => 7252,
    };

    private static readonly Option<string> Start = new("--start")
    {
        Description = "First flash address (hex 0x... or decimal)",
        DefaultValueFactory = _ => "0",
    };

    private static readonly Option<string?> Length = new("--length")
    {
        Description = "Number of bytes (hex 0x... or decimal); default: to the end of the flash / the file's size",
    };

    private static readonly Option<bool> Unprotect = new("--unprotect")
    {
        Description = "Clear the flash's block protection (e.g. the Beken SDK's 0x4004) before erasing/writing",
    };

    private static readonly Option<string> Chip = new("--chip")
    {
        Description = "Beken chip recorded in the dump manifest",
        DefaultValueFactory = _ => "bk7252",
    };

    public static IEnumerable<Command> Create()
    {
        var spi = new Command("spi", "Read, erase, write and verify a Beken chip's SPI flash through a CH341A (Beken SPI mode)");
        spi.Subcommands.Add(IdCommand());
        spi.Subcommands.Add(ReadCommand());
        spi.Subcommands.Add(EraseCommand());
        spi.Subcommands.Add(WriteCommand());
        spi.Subcommands.Add(VerifyCommand());
        spi.Subcommands.Add(UnprotectCommand());
        yield return spi;
    }

    private static Command WithCommon(Command c)
    {
        foreach (var o in new Option[] { Programmer, EmulatedImage, UsbTrace, Attempts, NoBeken, Seed, Chip }) c.Options.Add(o);
        return c;
    }

    private static Command IdCommand()
    {
        var c = WithCommon(new Command("id", "Enter SPI mode, read the JEDEC id, name the chip and show its protection"));
        c.SetAction((pr, ct) => Run(pr, ct, (s, o, _) =>
        {
            o.WriteLine(s.Service.Info.Describe());
            if (s.Service.Info.Chip is { } chip)
                o.WriteLine($"  erase blocks {string.Join("/", chip.EraseBlocks.Select(b => $"{b.Size / 1024}K"))}, page {chip.PageSize} B, " +
                            $"{(chip.Tested ? "tested" : "not yet tested with bkconsole on real hardware")}; seen on {chip.SeenOn}");
            else o.WriteLine("  " + Devices.Spi.Chips.FlashChips.DescribeUnknown(s.Service.Info.Id));
            return 0;
        }));
        return c;
    }

    private static Command ReadCommand()
    {
        var output = new Option<string>("--output", "-o") { Description = "Image file to write (a FILE.json manifest goes beside it)", Required = true };
        var verify = new Option<string>("--verify")
        {
            Description = "Second-pass: read twice and compare (default); none: one pass",
            DefaultValueFactory = _ => "second-pass",
        };
        verify.AcceptOnlyFromAmong("second-pass", "none");
        var db = new Option<string?>("--db") { Description = StoreCommands.DbDescription };
        var noStore = new Option<bool>("--no-store") { Description = "Do not record the dump in the store" };
        var device = new Option<string?>("--device") { Description = "Device key for the store record (default: spi-<flash id>)" };
        var c = WithCommon(new Command("read", "Dump the flash to a file with a manifest, verified by a second read"));
        foreach (var o in new Option[] { output, Start, Length, verify, db, noStore, device }) c.Options.Add(o);
        c.SetAction((pr, ct) => { CheckOutputFile(pr.GetValue(output)!); return Run(pr, ct, (s, o, e) =>
        {
            var info = s.Service.Info;
            long start = Number(pr.GetValue(Start)!, "--start");
            long? length = pr.GetValue(Length) is { } l ? Number(l, "--length") : null;
            var path = Path.GetFullPath(pr.GetValue(output)!);
            var result = s.Service.Dump(path, start, length, pr.GetValue(verify) == "second-pass", s.Progress(e), ct);
            s.EndProgress(e);
            var manifest = result.Manifest with { Device = pr.GetValue(device) ?? "spi-" + info.Id.Hex };
            manifest.WriteBeside(path);
            o.WriteLine($"read {manifest.Length / 1024} KiB from {(info.Chip?.Name ?? info.Id.ToString())} in {s.Timing()} -> {path}");
            o.WriteLine($"  crc32 {manifest.Crc32}, sha256 {manifest.Sha256[..16]}…, {(manifest.Verified ? "verified by a second read" : "NOT verified")}");
            if (result.GuardProblem is { } why)
            {
                e.WriteLine($"bkconsole: warning: this is not a usable backup: {why}");
                return ExitCodes.Failure;
            }
            if (!pr.GetValue(noStore))
            {
                using var store = BkStore.Open(pr.GetValue(db));
                int id = store.RecordDump(manifest);
                o.WriteLine($"  recorded as dump #{id} in {store.Path}");
            }
            return 0;
        }); });
        return c;
    }

    private static Command EraseCommand()
    {
        var all = new Option<bool>("--all") { Description = "Erase the whole chip" };
        var c = WithCommon(new Command("erase", "Erase a sector-aligned range (--start/--length) or the whole chip (--all)"));
        foreach (var o in new Option[] { Start, Length, all, Unprotect }) c.Options.Add(o);
        c.SetAction((pr, ct) => Run(pr, ct, (s, o, e) =>
        {
            var info = s.Service.Info;
            long start = Number(pr.GetValue(Start)!, "--start");
            long? length = pr.GetValue(Length) is { } l ? Number(l, "--length") : null;
            if (length is null && !pr.GetValue(all))
                throw new UsageException("Say what to erase: --start/--length, or --all for the whole chip",
                    "Erasing loses data: make a backup first with `bkconsole spi read -o backup.bin`.");
            long len = length ?? info.Size - start;
            if (pr.GetValue(Unprotect) && info.IsProtected) DoUnprotect(s, o, e, ct);
            s.Service.Erase(start, len, s.Progress(e), ct);
            s.EndProgress(e);
            o.WriteLine($"erased 0x{start:x6}-0x{start + len - 1:x6} in {s.Timing()}");
            return 0;
        }));
        return c;
    }

    private static Command WriteCommand()
    {
        var file = new Argument<string>("FILE") { Description = "Image to write" };
        var noVerify = new Option<bool>("--no-verify") { Description = "Skip reading back after programming" };
        var c = WithCommon(new Command("write", "Erase, program and verify FILE at --start (partly covered sectors keep their other bytes)"));
        c.Arguments.Add(file);
        foreach (var o in new Option[] { Start, Unprotect, noVerify }) c.Options.Add(o);
        c.SetAction((pr, ct) => Run(pr, ct, (s, o, e) =>
        {
            var data = ReadInput(pr.GetValue(file)!);
            long start = Number(pr.GetValue(Start)!, "--start");
            if (pr.GetValue(Unprotect) && s.Service.Info.IsProtected) DoUnprotect(s, o, e, ct);
            bool verify = !pr.GetValue(noVerify);
            var summary = s.Service.Write(start, data, verify, s.Progress(e), ct);
            s.EndProgress(e);
            o.WriteLine($"wrote {data.Length} bytes at 0x{start:x6} in {s.Timing()}{(verify ? ", verified" : " (not verified)")}");
            o.WriteLine($"  {summary}");
            return 0;
        }));
        return c;
    }

    private static Command VerifyCommand()
    {
        var file = new Argument<string>("FILE") { Description = "Image to compare the flash with" };
        var c = WithCommon(new Command("verify", "Compare the flash at --start with FILE"));
        c.Arguments.Add(file);
        c.Options.Add(Start);
        c.SetAction((pr, ct) => Run(pr, ct, (s, o, e) =>
        {
            var data = ReadInput(pr.GetValue(file)!);
            long start = Number(pr.GetValue(Start)!, "--start");
            s.Service.VerifyOrThrow(start, data, s.Progress(e), ct, afterWrite: false);
            s.EndProgress(e);
            o.WriteLine($"VERIFIED {data.Length} bytes at 0x{start:x6} in {s.Timing()}");
            return 0;
        }));
        return c;
    }

    private static Command UnprotectCommand()
    {
        var c = WithCommon(new Command("unprotect", "Clear the flash's block protection (BP/CMP, e.g. the Beken SDK's status 0x4004)"));
        c.SetAction((pr, ct) => Run(pr, ct, (s, o, e) =>
        {
            if (!s.Service.Info.IsProtected)
            {
                o.WriteLine($"not protected (status 0x{s.Service.Info.Status:x4}); nothing to do");
                return 0;
            }
            DoUnprotect(s, o, e, ct);
            return 0;
        }));
        return c;
    }

    private static void DoUnprotect(SpiSession s, TextWriter o, TextWriter e, CancellationToken ct)
    {
        ushort before = s.Service.Info.Status;
        ushort after = s.Service.Unprotect(null, ct);
        o.WriteLine($"protection cleared: status 0x{before:x4} -> 0x{after:x4}" +
                    (before == Devices.Spi.Chips.StatusRegisterLayout.BekenSdkProtection ? " (was the Beken SDK's CMP+BP0)" : ""));
        o.WriteLine("  note: Beken/OpenBeken firmware may set it again when it boots");
    }

    private static Task<int> Run(ParseResult pr, CancellationToken ct, Func<SpiSession, TextWriter, TextWriter, int> body)
    {
        var o = pr.InvocationConfiguration.Output;
        var e = pr.InvocationConfiguration.Error;
        using var session = SpiSession.Open(new SpiSessionOptions
        {
            Programmer = pr.GetValue(Programmer)!,
            EmulatedImage = pr.GetValue(EmulatedImage),
            UsbTrace = pr.GetValue(UsbTrace),
            Seed = pr.GetValue(Seed),
            Flash = new SpiFlashOptions { BekenEntry = !pr.GetValue(NoBeken), MaxAttempts = pr.GetValue(Attempts), Chip = pr.GetValue(Chip)! },
        });
        var info = session.Connect(e, ct);
        if (info.EntryAttempts > 0) o.WriteLine($"SPI mode after {info.EntryAttempts} attempt(s), {info.Elapsed.TotalSeconds:0.0} s");
        if (pr.CommandResult.Command.Name != "id") o.WriteLine(info.Describe());
        int rc = body(session, o, e);
        session.Finish(ct);
        return Task.FromResult(rc);
    }

    /// <summary>Refuse an output that cannot be a file before the (slow) SPI-mode entry and read, not after.</summary>
    internal static void CheckOutputFile(string path)
    {
        if (Directory.Exists(path)) throw new UsageException($"-o {path} is a folder", "give a file name, e.g. -o " + Path.Combine(path, "dump.bin"));
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir != null && !Directory.Exists(dir)) throw new UsageException($"-o {path}: the folder {dir} does not exist", "create it first or choose another path");
    }

    private static byte[] ReadInput(string path)
    {
        if (Directory.Exists(path)) throw new UsageException($"{path} is a folder, not an image file");
        if (!File.Exists(path)) throw new UsageException($"{path}: no such file");
        var data = File.ReadAllBytes(path);
        if (data.Length == 0) throw new UsageException($"{path} is empty");
        return data;
    }

    /// <summary>Parses "0x11000", "69632" or "4M"/"64K".</summary>
    internal static long Number(string text, string option)
    {
        var t = text.Trim().Replace("_", "", StringComparison.Ordinal);
        long scale = 1;
        if (t.EndsWith('K') || t.EndsWith('k')) { scale = 1024; t = t[..^1]; }
        else if (t.EndsWith('M') || t.EndsWith('m')) { scale = 1024 * 1024; t = t[..^1]; }
        bool ok = t.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? long.TryParse(t[2..], System.Globalization.NumberStyles.HexNumber, null, out long v)
            : long.TryParse(t, out v);
        if (!ok || v < 0) throw new UsageException($"{option} '{text}' is not a number", "Use hex (0x11000), decimal (69632) or K/M (64K).");
        return v * scale;
    }

    /// <summary>How <see cref="SpiSession.Open"/> picks and wires a programmer.</summary>
    public sealed record SpiSessionOptions
    {
        public string Programmer { get; init; } = "ch341a";
        public string? EmulatedImage { get; init; }

        /// <summary>
        /// With the emulator: the flash array itself (shared, not copied), so the emulated programmer reads the same
        /// flash as another simulated path (the demo's doorbell, whose UART bootloader reads this array too).
        /// </summary>
        public byte[]? EmulatedFlash { get; init; }
        public string? UsbTrace { get; init; }
        public int Seed { get; init; } = 7252;
        public SpiFlashOptions Flash { get; init; } = new();
    }

    /// <summary>
    /// One programmer session for the CLI and the TUI: the transport (libusb or emulator, optionally traced),
    /// the CH341A master, the <see cref="SpiFlashService"/>, and for the emulator its image file.
    /// </summary>
    public sealed class SpiSession : IDisposable
    {
        private readonly SpiEmulatorRig? _rig;
        private readonly string? _imagePath;
        private readonly Stopwatch _wall = Stopwatch.StartNew();
        private readonly TimeSpan _startModel;
        private string _lastLine = "";

        private SpiSession(SpiFlashService service, SpiEmulatorRig? rig, string? imagePath)
        {
            Service = service;
            _rig = rig;
            _imagePath = imagePath;
            _startModel = service.Master.Elapsed;
        }

        public SpiFlashService Service { get; }

        public bool Emulated => _rig is not null;

        public static SpiSession Open(SpiSessionOptions options)
        {
            SpiEmulatorRig? rig = null;
            string? imagePath = null;
            IUsbBulkTransport usb;
            switch (options.Programmer)
            {
                case "ch341a":
                    if (options.EmulatedImage is not null)
                        throw new UsageException("--emulated-image needs --programmer emulator");
                    usb = LibUsbTransport.OpenCh341a();
                    break;
                case "emulator":
                    imagePath = options.EmulatedImage;
                    rig = new SpiEmulatorRig(options.EmulatedFlash ?? LoadImage(imagePath), new Bk7252SpiOptions { Seed = options.Seed });
                    usb = rig.Usb;
                    break;
                default:
                    throw new UsageException($"unknown programmer '{options.Programmer}'", "Use --programmer ch341a or --programmer emulator.");
            }
            if (options.UsbTrace is { } trace)
            {
                try
                {
                    usb = UsbTraceTransport.ToFile(usb, trace);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    usb.Dispose();
                    throw new UsageException($"cannot write the USB trace {trace}: {ex.Message}", inner: ex);
                }
            }
            var master = new Ch341aSpiMaster(usb, rig is null ? "ch341a" : "emulator");
            return new SpiSession(new SpiFlashService(master, master, options.Flash), rig, imagePath);
        }

        private static byte[]? LoadImage(string? path)
        {
            if (path is not null && Directory.Exists(path))
                throw new UsageException($"--emulated-image {path} is a folder", "give the path of a 4 MiB image file (created if missing)");
            if (path is null || !File.Exists(path)) return SpiEmulatorRig.SampleImage();
            var data = File.ReadAllBytes(path);
            int size = SpiNorProfile.Xt25f32b.Size;
            if (data.Length != size)
                throw new UsageException($"{path} is {data.Length} bytes; the emulated XT25F32B holds {size} (4 MiB)",
                    "Give a full 4 MiB image, or a path that does not exist yet (the emulator then starts from a sample image).");
            return data;
        }

        /// <summary>Connect with a live attempt counter on <paramref name="err"/>.</summary>
        public SpiFlashInfo Connect(TextWriter err, CancellationToken ct)
        {
            var info = Service.Connect(Progress(err), ct);
            EndProgress(err);
            return info;
        }

        public IProgress<SpiProgress> Progress(TextWriter err) => new LineProgress(this, err);

        public void EndProgress(TextWriter err)
        {
            if (_lastLine.Length > 0) err.WriteLine();
            _lastLine = "";
        }

        /// <summary>"22.9 s modelled (0.4 s wall clock)" for the emulator, "68.1 s" on hardware.</summary>
        public string Timing()
        {
            var model = Service.Master.Elapsed - _startModel;
            return Emulated ? $"{model.TotalSeconds:0.0} s modelled ({_wall.Elapsed.TotalSeconds:0.0} s wall clock)" : $"{model.TotalSeconds:0.0} s";
        }

        /// <summary>Reboot the chip into its firmware (CEN pulse); then <see cref="Dispose"/> saves an emulated image.</summary>
        public void Finish(CancellationToken ct)
        {
            if (Service.Options.BekenEntry && Service.Options.RebootWhenDone) Service.Reboot(ct);
        }

        public void Dispose()
        {
            Service.Dispose();
            if (_rig is not null && _imagePath is not null && (_rig.Flash.Modified || !File.Exists(_imagePath)))
                File.WriteAllBytes(_imagePath, _rig.Flash.Contents);
        }

        private sealed class LineProgress(SpiSession session, TextWriter err) : IProgress<SpiProgress>
        {
            private readonly bool _redraw = CliRunner.IsTerminal(err);
            private string? _lastKey;

            public void Report(SpiProgress p)
            {
                string line = p.Entry is { } en
                    ? $"entering SPI mode: attempt {en.Attempt}/{en.MaxAttempts}, {en.Elapsed.TotalSeconds:0.0} s{(en.SawD2Echo ? ", D2 echo seen" : "")}"
                    : $"{p.Stage.ToString().ToLowerInvariant()}: {p.Done / 1024}/{p.Total / 1024} KiB ({p.Fraction:P0}), {p.Elapsed.TotalSeconds:0.0} s";
                if (line == session._lastLine) return;
                if (!_redraw)
                {
                    // Not a terminal (a log file, a pipe, tests): one plain line per attempt and per tenth of a stage.
                    string key = p.Entry is { } e2 ? $"entry {e2.Attempt}" : $"{p.Stage} {(p.Total > 0 ? p.Done * 10 / p.Total : 0)}";
                    if (key == _lastKey) return;
                    _lastKey = key;
                    err.WriteLine(line);
                    return;
                }
                session._lastLine = line;
                err.Write("\r" + line + "   ");
            }
        }
    }
}
