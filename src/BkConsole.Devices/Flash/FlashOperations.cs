using System.Diagnostics;
using BkConsole.Core.Chips;
using BkConsole.Core.Errors;
using BkConsole.Core.Flash;
using BkConsole.Core.Links;
using BkConsole.Devices.Beken;

namespace BkConsole.Devices.Flash;

/// <summary>
/// The one operations API behind `bkconsole flash …` and the TUI's one-key dump (style rule 9): info, dump, write,
/// verify over a Beken UART bootloader. Callers render progress and results; no protocol logic lives outside.
/// </summary>
public static class FlashOperations
{
    /// <summary>Link and identify, then leave the chip as it was asked (reboot by default).</summary>
    public static async Task<ChipIdentity> InfoAsync(ISerialLink link, FlashSessionOptions options, IProgress<FlashProgress>? progress, CancellationToken ct)
    {
        await using var session = await FlashSession.OpenAsync(link, options with { Baud = BekenClient.LinkBaud }, progress, ct).ConfigureAwait(false);
        return session.Identity;
    }

    /// <summary>
    /// Read the flash (whole by default), verify it, save the image and its manifest (FILE.json), reboot the chip.
    /// A whole-flash result that is all 0x00, all 0xFF or the wrong size is saved as *.rejected.bin and refused.
    /// </summary>
    public static async Task<DumpResult> DumpAsync(ISerialLink link, DumpOptions options, IProgress<FlashProgress>? progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var time = DateTimeOffset.Now;
        byte[] image;
        ChipIdentity id;
        long start, length;
        int baud;
        bool rebooted;
        await using (var session = await FlashSession.OpenAsync(link, options.Session, progress, ct).ConfigureAwait(false))
        {
            id = session.Identity;
            start = options.Start ?? 0;
            length = options.Length ?? id.FlashSize - start;
            if (start < 0 || length <= 0 || start + length > id.FlashSize)
                throw new UsageException($"range 0x{start:x}+0x{length:x} is outside the {id.FlashSize / 1024 / 1024} MiB flash of this {id.Chip.Name}");
            baud = session.Baud;
            session.Client.VerifyReads = options.VerifyWithChipCrc;
            image = await session.Client.ReadAsync(start, length, progress, ct).ConfigureAwait(false);
            await session.DisposeAsync().ConfigureAwait(false);
            rebooted = session.Rebooted;
        }
        bool full = start == 0 && length == id.FlashSize;
        string device = Sanitize(options.Device ?? Path.GetFileName(link.PortName));
        string file = options.OutputFile ?? Path.Combine(options.Folder, $"{device}-{id.Chip.Name}-{time:yyyyMMdd-HHmmss}.bin");
        var dir = Path.GetDirectoryName(Path.GetFullPath(file));
        if (dir != null) Directory.CreateDirectory(dir);

        if (full && DumpGuard.Check(image, id.FlashSize) is { } why)
        {
            var rejected = Path.ChangeExtension(file, ".rejected.bin");
            await File.WriteAllBytesAsync(rejected, image, CancellationToken.None).ConfigureAwait(false);
            throw new BkException($"the read is not a backup: {why}; bytes kept in {rejected}",
                "an unpowered or protected chip reads as all 0xFF/0x00: check power and wiring, then read again");
        }
        var (crc, sha) = DumpManifest.Digest(image);
        var manifest = new DumpManifest
        {
            Chip = id.Chip.Name,
            Method = "uart",
            Bootloader = id.BootloaderName,
            FlashId = id.Jedec?.Hex,
            FlashSize = id.FlashSize,
            Start = start,
            Length = length,
            Baud = baud,
            Port = link.PortName,
            Device = options.Device ?? device,
            Crc32 = crc,
            Sha256 = sha,
            Time = time,
            Seconds = Math.Round(clock.Elapsed.TotalSeconds, 2),
            Verified = options.VerifyWithChipCrc,
            File = Path.GetFileName(file),
        };
        await File.WriteAllBytesAsync(file, image, CancellationToken.None).ConfigureAwait(false);
        manifest.WriteBeside(file);
        return new DumpResult(file, manifest, id, full, rebooted);
    }

    /// <summary>
    /// Write an image with verification. A whole-flash image written at 0 without <see cref="WriteOptions.ForceBootloader"/>
    /// skips its first 0x11000 bytes (the bootloader stays as it is).
    /// </summary>
    public static async Task<WriteResult> WriteAsync(ISerialLink link, WriteOptions options, IProgress<FlashProgress>? progress, CancellationToken ct)
    {
        var data = options.Data;
        long start = options.Start;
        long skipped = 0;
        if (start < ChipProfiles.BootloaderEnd && !options.ForceBootloader && start + data.Length > ChipProfiles.BootloaderEnd)
        {
            skipped = ChipProfiles.BootloaderEnd - start;
            data = data[(int)skipped..];
            start = ChipProfiles.BootloaderEnd;
        }
        var clock = Stopwatch.StartNew();
        await using var session = await FlashSession.OpenAsync(link, options.Session, progress, ct).ConfigureAwait(false);
        await session.Client.WriteAsync(start, data, options.ForceBootloader, progress, ct).ConfigureAwait(false);
        return new WriteResult(session.Identity, start, data.Length, skipped, session.Baud, clock.Elapsed);
    }

    /// <summary>Compare flash with a file by the chip's CRC; the result lists differing 4 KiB sectors.</summary>
    public static async Task<VerifyResult> VerifyAsync(ISerialLink link, FlashSessionOptions options, long start, ReadOnlyMemory<byte> data,
        IProgress<FlashProgress>? progress, CancellationToken ct)
    {
        await using var session = await FlashSession.OpenAsync(link, options, progress, ct).ConfigureAwait(false);
        if (start + data.Length > session.Identity.FlashSize)
            throw new UsageException($"0x{data.Length:x} bytes at 0x{start:x} exceed the 0x{session.Identity.FlashSize:x}-byte flash");
        int tail = data.Length % BekenClient.SectorSize;
        var whole = data[..(data.Length - tail)];
        var differing = new List<long>(await session.Client.VerifyAsync(start, whole, progress, ct).ConfigureAwait(false));
        if (tail > 0)
        {
            long last = start + whole.Length;
            var flash = await session.Client.ReadAsync(last, tail, null, ct).ConfigureAwait(false);
            if (!flash.AsSpan().SequenceEqual(data.Span[whole.Length..])) differing.Add(last);
        }
        return new VerifyResult(session.Identity, start, data.Length, differing);
    }

    private static string Sanitize(string name)
    {
        var chars = name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray();
        var s = new string(chars).Trim('.', '_');
        return s.Length == 0 ? "device" : s;
    }
}
