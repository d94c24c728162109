using System.Globalization;
using BkConsole.Core.Errors;
using BkConsole.Core.Flash;
using BkConsole.Tui.Session;

namespace BkConsole.Tui.Dump;

/// <summary>
/// The one-key dump workflow, without UI: lend the log port if the flash link shares it, read the whole flash
/// with verification, refuse a non-backup, save <c>&lt;device&gt;-&lt;chip&gt;-&lt;yyyyMMdd-HHmmss&gt;.bin</c> plus its
/// manifest, record it, and give the port back to the log in time for the next boot (the dumper reboots the chip).
/// </summary>
public sealed class OneKeyDump
{
    private readonly MonitorSession _session;
    private readonly IFlashDumper _dumper;
    private readonly IDumpRecorder? _recorder;
    private readonly TimeProvider _time;

    public OneKeyDump(MonitorSession session, IFlashDumper dumper, IDumpRecorder? recorder, TimeProvider? time = null,
        ILinklessFlashDumper? spi = null)
    {
        _session = session;
        _dumper = dumper;
        _recorder = recorder;
        _time = time ?? TimeProvider.System;
        Spi = spi;
    }

    /// <summary>The SPI method, when this terminal has one (the CH341A, or the emulator in the demo).</summary>
    public ILinklessFlashDumper? Spi { get; }

    public async Task<string> RunAsync(DumpRequest request, IProgress<DumpProgress> progress, CancellationToken cancellationToken)
    {
        FlashImage image;
        string method = _dumper.Method;
        if (request.ViaSpi)
        {
            var spi = Spi ?? throw new BkException("no SPI programmer is set up in this terminal", "use a UART port as the flash link");
            method = spi.Method;
            image = await spi.ReadWholeFlashAsync(progress, cancellationToken).ConfigureAwait(false);
        }
        else if (request.SharesLogPort)
        {
            progress.Report(new DumpProgress($"pausing the log on {request.FlashPort}"));
            var link = await _session.LendLinkAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                image = await _dumper.ReadWholeFlashAsync(link, progress, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                // back to the log at once: the chip is rebooting and its banner must not be missed
                _session.ResumePort();
            }
        }
        else
        {
            progress.Report(new DumpProgress($"opening {request.FlashPort}"));
            await using var link = _dumper.Open(request.FlashPort);
            image = await _dumper.ReadWholeFlashAsync(link, progress, cancellationToken).ConfigureAwait(false);
        }
        var profile = Core.Chips.ChipProfiles.Find(image.Chip);
        long expected = profile?.FlashSize ?? image.Data.Length;
        if (DumpGuard.Check(image.Data, expected) is { } why)
            throw new BkException($"the read is not a backup: {why}", "check the wiring and power, then dump again");
        progress.Report(new DumpProgress("saving", image.Data.Length, image.Data.Length));
        return Save(request, image, method);
    }

    private string Save(DumpRequest request, FlashImage image, string method)
    {
        Directory.CreateDirectory(request.DumpsFolder);
        var now = _time.GetLocalNow();
        var name = $"{Safe(request.Device)}-{image.Chip}-{now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.bin";
        var path = Path.Combine(request.DumpsFolder, name);
        for (int n = 2; File.Exists(path); n++)
            path = Path.Combine(request.DumpsFolder, Path.GetFileNameWithoutExtension(name) + "-" + n + ".bin");
        var (crc, sha) = DumpManifest.Digest(image.Data);
        var manifest = new DumpManifest
        {
            Chip = image.Chip,
            Method = method,
            Bootloader = image.Bootloader,
            FlashId = image.FlashId,
            FlashSize = image.Data.Length,
            Length = image.Data.Length,
            Baud = image.Baud,
            Port = request.FlashPort,
            Device = request.Device,
            Crc32 = crc,
            Sha256 = sha,
            Time = _time.GetUtcNow(),
            Seconds = image.Elapsed.TotalSeconds,
            Verified = image.Verified,
            File = Path.GetFileName(path),
        };
        File.WriteAllBytes(path, image.Data);
        manifest.WriteBeside(path);
        _recorder?.Record(manifest, path);
        return path;
    }

    private static string Safe(string device)
    {
        var chars = device.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray();
        var s = new string(chars).Trim('_', '.');
        return s.Length == 0 ? "device" : s;
    }
}
