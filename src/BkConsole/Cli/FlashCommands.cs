using System.CommandLine;
using System.Globalization;
using BkConsole.Core.Chips;
using BkConsole.Core.Errors;
using BkConsole.Devices.Beken;
using BkConsole.Devices.Flash;
using BkConsole.Devices.Serial;
using BkConsole.Storage;

namespace BkConsole.Cli;

/// <summary>
/// `bkconsole flash info|read|write|verify` over the Beken UART bootloader. Thin adapter: parses options, calls
/// <see cref="FlashOperations"/>, renders progress on stderr and results on stdout (style rule 9).
/// </summary>
public static class FlashCommands
{
    public static IEnumerable<Command> Create()
    {
        var flash = new Command("flash", "Read, write and verify flash over the Beken UART bootloader (UART1: TX1=P11, RX1=P10)");
        flash.Subcommands.Add(Info());
        flash.Subcommands.Add(Read());
        flash.Subcommands.Add(Write());
        flash.Subcommands.Add(Verify());
        yield return flash;
    }

    // ------------------------------------------------------------------ shared options

    private static Option<string> PortOption() => new("--port", "-p")
    {
        Description = "Serial port of the USB-UART adapter wired to UART1 (e.g. /dev/ttyUSB0)",
        Required = true,
    };

    private static Option<string> ChipOption() => new("--chip")
    {
        Description = $"Chip type: auto (detect from the boot code) or one of {string.Join(", ", ChipProfiles.Names)}",
        DefaultValueFactory = _ => "auto",
    };

    private static Option<int> BaudOption(int fallback) => new("--baud", "-b")
    {
        Description = "Transfer baud rate (falls back 3M → 2M → 1.5M → 921600 → 460800 → 115200 when the adapter cannot)",
        DefaultValueFactory = _ => fallback,
    };

    private static Option<long?> NumberOption(string name, string description) => new(name)
    {
        Description = description + " (decimal, 0x hex, or with k/M suffix)",
        CustomParser = r => ParseNumber(r.Tokens.Single().Value, name),
    };

    private static Option<string?> DeviceOption() => new("--device")
    {
        Description = "Name of the device for file names and the store (default: the port's by-id name)",
    };

    private static Option<string?> DatabaseOption() => new("--db")
    {
        Description = StoreCommands.DbDescription,
    };

    private static Option<double> ManualWaitOption() => new("--reset-wait")
    {
        Description = "Seconds to wait for a manual reset (short CEN to GND) before giving up",
        DefaultValueFactory = _ => BekenTimeouts.ManualResetWindow.TotalSeconds,
    };

    /// <summary>Numbers as users type them: 4194304, 0x400000, 4M, 64k.</summary>
    internal static long ParseNumber(string text, string what)
    {
        var s = text.Trim().Replace("_", "");
        long scale = 1;
        if (s.EndsWith('k') || s.EndsWith('K')) { scale = 1024; s = s[..^1]; }
        else if (s.EndsWith('M') || s.EndsWith('m')) { scale = 1024 * 1024; s = s[..^1]; }
        bool ok = s.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? long.TryParse(s[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long v)
            : long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out v);
        if (!ok || v < 0) throw new UsageException($"{what}: '{text}' is not a number", "use decimal, 0x hex, or a k/M suffix, e.g. 0x11000 or 4M");
        return checked(v * scale);
    }

    private static ChipProfile? Chip(string name) => name.Equals("auto", StringComparison.OrdinalIgnoreCase) ? null : ChipProfiles.Get(name);

    private static FlashSessionOptions Session(ParseResult r, Option<string> chip, Option<int>? baud, Option<double> wait) => new()
    {
        Chip = Chip(r.GetValue(chip)!),
        Baud = baud == null ? BekenClient.LinkBaud : r.GetValue(baud),
        ResetStrategies = Devices.Beken.Reset.ResetStrategies.Default(TimeSpan.FromSeconds(Math.Max(1, r.GetValue(wait)))),
    };

    /// <summary>The device key used for dumps and the backup check: --device, else the port's stable by-id name, else its file name.</summary>
    internal static string DeviceKey(string port, string? device)
    {
        if (!string.IsNullOrWhiteSpace(device)) return device.Trim();
        var full = PortHolder.Resolve(port);
        var byId = PortLister.List().FirstOrDefault(p => p.Path == full || p.Path == port)?.ById;
        return Path.GetFileName(byId ?? port);
    }

    // ------------------------------------------------------------------ verbs

    private const string TuyaKey = "510fb093 a3cbeadc 5993a17e c7adeb03";
    private const string ZeroKey = "00000000 00000000 00000000 00000000";

    private static Command Info()
    {
        var port = PortOption();
        var chip = ChipOption();
        var wait = ManualWaitOption();
        var json = new Option<bool>("--json") { Description = "Print one JSON object (every field, null where unknown) instead of text" };
        var cmd = new Command("info", "Link to the bootloader and show chip, bootloader, flash size, JEDEC id, protection, eFuse key and MAC") { port, chip, wait, json };
        cmd.SetAction(async (r, ct) =>
        {
            var err = r.InvocationConfiguration.Error;
            var outw = r.InvocationConfiguration.Output;
            await using var link = SerialPortLink.Open(r.GetValue(port)!, BekenClient.LinkBaud);
            var id = await FlashOperations.InfoAsync(link, Session(r, chip, null, wait), new ProgressRenderer(err), ct);
            if (r.GetValue(json))
            {
                outw.WriteLine(FlashInfoJson.Render(id, KeyKind(id.EncryptionKey)));
                return 0;
            }
            outw.WriteLine($"chip:        {id.Chip.Name}{(id.ChipConfirmed ? "" : " (best guess)")} — {id.Chip.Description}");
            outw.WriteLine($"protocol:    {id.Chip.Family}, CRC end {(id.Chip.CrcEndInclusive ? "inclusive" : "exclusive")}");
            outw.WriteLine($"bootloader:  {id.BootloaderName} (CRC32 of first 256 bytes 0x{~id.BootloaderCrc:x8})");
            if (id.ChipIdRegister is uint cid) outw.WriteLine($"chip id:     0x{cid:x}");
            outw.WriteLine($"flash:       {id.FlashSize / 1024 / 1024} MiB (0x{id.FlashSize:x}) from {id.FlashSizeSource}");
            if (id.Jedec is { } j) outw.WriteLine($"jedec:       {j.Hex}");
            if (id.StatusRegister is ushort sr)
                outw.WriteLine($"status reg:  0x{sr:x4} — {(id.Protected == true ? "write-protected (cleared automatically before writing)" : "not protected")}");
            else if (id.Chip.IsBasic)
                outw.WriteLine("protection:  bootloader 0x0–0x10FFF protected by the boot code (read via the address wrap)");
            outw.WriteLine(id.EncryptionKey is { } key
                ? $"efuse key:   {key}{(KeyKind(key) is { } kind ? $" ({kind})" : "")}"
                : $"efuse key:   {id.EfuseUnavailable}");
            outw.WriteLine(id.MacText is { } mac ? $"mac:         {mac} (from {id.MacSource})" : $"mac:         {id.MacSource}");
            foreach (var n in id.Notes) outw.WriteLine($"note:        {n}");
            return 0;
        });
        return cmd;
    }

    private static string? KeyKind(string? key) => key switch
    {
        TuyaKey => "Tuya",
        ZeroKey => "all zero: BK7231M or unencrypted",
        _ => null,
    };

    private static Command Read()
    {
        var port = PortOption();
        var chip = ChipOption();
        var baud = BaudOption(2_000_000);
        var output = new Option<string?>("--output", "-o") { Description = "Image file (default: <device>-<chip>-<yyyyMMdd-HHmmss>.bin here); FILE.json gets the manifest" };
        var start = NumberOption("--start", "First flash address (default 0: whole flash, bootloader included)");
        var length = NumberOption("--length", "Bytes to read (default: up to the end of flash)");
        var device = DeviceOption();
        var noVerify = new Option<bool>("--no-verify") { Description = "Skip the chip-CRC check of every 64 KiB window (faster; the manifest says unverified)" };
        var wait = ManualWaitOption();
        var db = DatabaseOption();
        var cmd = new Command("read", "Dump flash to a file, verified by the chip's CRC, with a manifest; records it in the store; reboots the chip")
            { port, chip, baud, output, start, length, device, noVerify, wait, db };
        cmd.SetAction(async (r, ct) =>
        {
            var err = r.InvocationConfiguration.Error;
            var outw = r.InvocationConfiguration.Output;
            var portName = r.GetValue(port)!;
            var options = new DumpOptions
            {
                Session = Session(r, chip, baud, wait),
                Start = r.GetValue(start),
                Length = r.GetValue(length),
                OutputFile = r.GetValue(output),
                Device = DeviceKey(portName, r.GetValue(device)),
                VerifyWithChipCrc = !r.GetValue(noVerify),
            };
            if (!options.VerifyWithChipCrc) err.WriteLine("bkconsole: --no-verify: windows are NOT checked against the chip's CRC");
            await using var link = SerialPortLink.Open(portName, BekenClient.LinkBaud);
            var result = await FlashOperations.DumpAsync(link, options, new ProgressRenderer(err), ct);
            var m = result.Manifest;
            outw.WriteLine($"saved {result.File} ({m.Length} bytes from 0x{m.Start:x}, {m.Chip}, {m.Baud} baud, {m.Seconds:0.0} s)");
            outw.WriteLine($"crc32 {m.Crc32}  sha256 {m.Sha256}  verified: {(m.Verified ? "yes (chip CRC per 64 KiB)" : "no")}");
            outw.WriteLine($"manifest {result.File}.json");
            FlashRecords.Record(result, r.GetValue(db), err);
            if (!result.Rebooted) err.WriteLine("bkconsole: could not reboot the chip: power-cycle it to start the firmware");
            return 0;
        });
        return cmd;
    }

    private static Command Write()
    {
        var port = PortOption();
        var chip = ChipOption();
        var baud = BaudOption(2_000_000);
        var file = new Argument<string>("FILE") { Description = "Image to write (a full dump written at 0 skips its bootloader part)" };
        var start = NumberOption("--start", "Flash address to write at (default 0x11000, the app)");
        var force = new Option<bool>("--force-bootloader") { Description = "Also write below 0x11000 (the bootloader): a bad image bricks the chip" };
        var noBackup = new Option<bool>("--no-backup-check") { Description = "Write even though the store has no verified full backup of this device" };
        var device = DeviceOption();
        var wait = ManualWaitOption();
        var db = DatabaseOption();
        var cmd = new Command("write", "Write an image: unprotect, erase, program, verify each block by CRC, redo bad sectors")
            { port, chip, baud, file, start, force, noBackup, device, wait, db };
        cmd.SetAction(async (r, ct) =>
        {
            var err = r.InvocationConfiguration.Error;
            var outw = r.InvocationConfiguration.Output;
            var portName = r.GetValue(port)!;
            var data = ReadImage(r.GetValue(file)!);
            var options = new WriteOptions
            {
                Session = Session(r, chip, baud, wait),
                Data = data,
                Start = r.GetValue(start) ?? 0x11000,
                ForceBootloader = r.GetValue(force),
            };
            FlashOperations.CheckRange("write", options.Session.Chip, options.Start, data.Length, options.ForceBootloader);
            var key = DeviceKey(portName, r.GetValue(device));
            if (r.GetValue(noBackup)) err.WriteLine($"bkconsole: --no-backup-check: writing '{key}' without checking for a backup");
            else FlashRecords.RequireBackup(key, r.GetValue(db));
            await using var link = SerialPortLink.Open(portName, BekenClient.LinkBaud);
            var result = await FlashOperations.WriteAsync(link, options, new ProgressRenderer(err), ct);
            if (result.SkippedBootloaderBytes > 0)
                outw.WriteLine($"skipped the image's first 0x{result.SkippedBootloaderBytes:x} bytes (bootloader area; --force-bootloader writes them)");
            outw.WriteLine($"wrote and verified {result.Length} bytes at 0x{result.Start:x} on {result.Identity.Chip.Name} " +
                           $"({result.Baud} baud, {result.Elapsed.TotalSeconds:0.0} s); chip rebooted");
            return 0;
        });
        return cmd;
    }

    private static Command Verify()
    {
        var port = PortOption();
        var chip = ChipOption();
        var baud = BaudOption(2_000_000);
        var file = new Argument<string>("FILE") { Description = "Image to compare with the flash" };
        var start = NumberOption("--start", "Flash address of the image (default: 0 for a whole-flash image, else 0x11000)");
        var wait = ManualWaitOption();
        var cmd = new Command("verify", "Compare flash with a file using the chip's CRC; lists differing 4 KiB sectors") { port, chip, baud, file, start, wait };
        cmd.SetAction(async (r, ct) =>
        {
            var err = r.InvocationConfiguration.Error;
            var outw = r.InvocationConfiguration.Output;
            var data = ReadImage(r.GetValue(file)!);
            long at = r.GetValue(start) ?? (ChipProfiles.All.Any(c => c.FlashSize == data.Length) ? 0 : 0x11000);
            var session = Session(r, chip, baud, wait);
            FlashOperations.CheckRange("verify", session.Chip, at, data.Length, forceBootloader: true);
            await using var link = SerialPortLink.Open(r.GetValue(port)!, BekenClient.LinkBaud);
            var result = await FlashOperations.VerifyAsync(link, session, at, data, new ProgressRenderer(err), ct);
            if (result.Identical)
            {
                outw.WriteLine($"identical: {data.Length} bytes at 0x{at:x} match the flash");
                return 0;
            }
            outw.WriteLine($"DIFFERENT: {result.DifferingSectors.Count} sector(s) differ: " +
                           string.Join(", ", result.DifferingSectors.Take(32).Select(s => $"0x{s:x}")) +
                           (result.DifferingSectors.Count > 32 ? ", …" : ""));
            return ExitCodes.Failure;
        });
        return cmd;
    }

    private static byte[] ReadImage(string path)
    {
        try
        {
            var data = File.ReadAllBytes(path);
            if (data.Length == 0) throw new UsageException($"{path} is empty");
            return data;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read {path}: {e.Message}");
        }
    }

    /// <summary>
    /// Progress on stderr: a bar with bytes, rate and ETA, redrawn at most 10 times a second; link prompts as lines. When
    /// stderr is not a terminal (a log file, a pipe, tests) the bar is one plain line per 10 % instead of \r redraws.
    /// </summary>
    internal sealed class ProgressRenderer(TextWriter err, bool redraw) : IProgress<FlashProgress>
    {
        public ProgressRenderer(TextWriter err) : this(err, CliRunner.IsTerminal(err)) { }

        private readonly object _gate = new();
        private string? _lineTask;
        private int _lineStep = -1;
        private long _lastDraw;
        private string? _lastNote;
        private bool _barOpen;
        private string? _finishedTask;

        public void Report(FlashProgress p)
        {
            lock (_gate)
            {
                if (p.Total <= 0)
                {
                    var note = p.Remaining() is { } left ? $"{p.Note} ({left.TotalSeconds:0} s left)" : p.Note;
                    if (note == null || note == _lastNote) return;
                    _lastNote = note;
                    EndBar();
                    err.WriteLine($"{p.Phase}: {note}");
                    return;
                }
                long now = Environment.TickCount64;
                bool last = p.Done >= p.Total;
                var task = $"{p.Phase}/{p.Total}";
                if (task == _finishedTask) return; // a task reports its end more than once; its bar is closed already
                if (last) _finishedTask = task;
                if (!redraw)
                {
                    // One line per tenth of each task (phase + total), each tenth once.
                    if (task != _lineTask) { _lineTask = task; _lineStep = -1; }
                    int step = last ? 10 : (int)(p.Fraction * 10);
                    if (step <= _lineStep) return;
                    _lineStep = step;
                    err.WriteLine($"{p.Phase} {p.Fraction * 100:0}%  {Size(p.Done)}/{Size(p.Total)}  {Size((long)p.BytesPerSecond)}/s");
                    return;
                }
                if (!last && now - _lastDraw < 100) return;
                _lastDraw = now;
                const int width = 30;
                int filled = (int)(p.Fraction * width);
                var eta = p.Eta is { } e ? $"ETA {(int)e.TotalMinutes}:{e.Seconds:00}" : "ETA --:--";
                err.Write($"\r{p.Phase,-6} [{new string('#', filled)}{new string('.', width - filled)}] {p.Fraction * 100,5:0.0}%  " +
                          $"{Size(p.Done)}/{Size(p.Total)}  {Size((long)p.BytesPerSecond)}/s  {eta}   ");
                _barOpen = true;
                if (last) EndBar();
            }
        }

        private void EndBar()
        {
            if (!_barOpen) return;
            err.WriteLine();
            _barOpen = false;
        }

        private static string Size(long b) => b >= 1024 * 1024 ? $"{b / 1048576.0:0.00} MiB" : $"{b / 1024.0:0.0} KiB";
    }

    private static TimeSpan? Remaining(this FlashProgress p) => p.Phase == "link" ? p.Eta : null;
}

/// <summary>Dumps recorded in, and backups looked up from, the store (the executable does this; Devices knows no store).</summary>
internal static class FlashRecords
{
    public static void Record(DumpResult result, string? database, TextWriter err)
    {
        try
        {
            using var store = BkStore.Open(database);
            var key = result.Manifest.Device ?? "unknown";
            store.UpsertDevice(new DeviceRecord(key) { Chip = result.Manifest.Chip, LastSeen = DateTimeOffset.UtcNow });
            int id = store.RecordDump(result.Manifest);
            err.WriteLine(result.IsFullBackup && result.Manifest.Verified
                ? $"recorded as verified full backup #{id} of device '{key}' in {store.Path}"
                : $"recorded as dump #{id} of device '{key}' in {store.Path} (not a full verified backup)");
        }
        catch (BkException e)
        {
            err.WriteLine($"bkconsole: warning: the dump is saved but not recorded in the store: {e.Message}");
        }
    }

    public static void RequireBackup(string deviceKey, string? database)
    {
        using var store = BkStore.Open(database);
        if (store.FindVerifiedBackup(deviceKey) is not null)
            return;
        throw new BkException($"no verified full backup of device '{deviceKey}' in the store ({store.Path})",
            "run `bkconsole flash read --port PORT` first (it saves and records one), name the device with --device, " +
            "or pass --no-backup-check if you have a backup elsewhere");
    }
}
