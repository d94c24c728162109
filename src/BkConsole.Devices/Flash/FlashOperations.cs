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
    /// <summary>
    /// Link and identify, read the eFuse (encryption key; FULL boot code only) and the MAC from the TLV sector, then
    /// leave the chip as it was asked (reboot by default).
    /// </summary>
    public static async Task<ChipIdentity> InfoAsync(ISerialLink link, FlashSessionOptions options, IProgress<FlashProgress>? progress, CancellationToken ct)
    {
        await using var session = await FlashSession.OpenAsync(link, options with { Baud = BekenClient.LinkBaud }, progress, ct).ConfigureAwait(false);
        var client = session.Client;
        var id = session.Identity;
        if (client.SupportsEfuse)
            id = id with { Efuse = await client.ReadEfuseAsync(ct).ConfigureAwait(false) };
        else
            id = id with { EfuseUnavailable = $"not readable: the {id.Chip.Family} boot code has no register access (ReadReg/WriteReg), so the ROM does not expose eFuse" };
        if (client.MacSectorAddress is not long at)
            return id with { MacSource = $"not readable over this protocol: the boot code has no MAC command and no flash location of the MAC is documented for {id.Chip.Name}" };
        var mac = await client.ReadMacAsync(ct).ConfigureAwait(false);
        string where = $"TLV sector 0x{at:x}";
        return id with { Mac = mac, MacSource = mac != null ? where : $"not found ({where} has no MAC record at +0x1C)" };
    }

    /// <summary>
    /// Link, identify, switch baud, read [start, start+length) (whole flash by default, bootloader included) verified by
    /// the chip's CRC, then leave the chip usable (rebooted unless told otherwise). Nothing is saved: the TUI's
    /// one-key dump and <see cref="DumpAsync"/> decide what to do with the bytes.
    /// </summary>
    public static async Task<FlashReadResult> ReadAsync(ISerialLink link, FlashSessionOptions options, long? start, long? length, bool verify,
        IProgress<FlashProgress>? progress, CancellationToken ct)
    {
        if (length is <= 0) throw new UsageException($"--length must be more than 0 (got {length})", "give the number of bytes to read, e.g. --length 0x1000");
        if (start is < 0) throw new UsageException($"--start must not be negative (got {start})");
        var clock = Stopwatch.StartNew();
        var session = await FlashSession.OpenAsync(link, options, progress, ct).ConfigureAwait(false);
        try
        {
            var id = session.Identity;
            long from = start ?? 0;
            long count = length ?? id.FlashSize - from;
            if (from < 0 || count <= 0 || from + count > id.FlashSize)
                throw new UsageException($"range 0x{from:x}+0x{count:x} is outside the {id.FlashSize / 1024 / 1024} MiB flash of this {id.Chip.Name}");
            int baud = session.Baud;
            session.Client.VerifyReads = verify;
            var data = await session.Client.ReadAsync(from, count, progress, ct).ConfigureAwait(false);
            await session.DisposeAsync().ConfigureAwait(false);
            return new FlashReadResult(data, id, from, baud, verify, clock.Elapsed, session.Rebooted);
        }
        finally
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// <see cref="ReadAsync"/>, then save the image and its manifest (FILE.json) as
    /// <c>&lt;device&gt;-&lt;chip&gt;-&lt;yyyyMMdd-HHmmss&gt;.bin</c>. A whole-flash result that is all 0x00, all 0xFF or the
    /// wrong size is saved as *.rejected.bin and refused.
    /// </summary>
    public static async Task<DumpResult> DumpAsync(ISerialLink link, DumpOptions options, IProgress<FlashProgress>? progress, CancellationToken ct)
    {
        var time = DateTimeOffset.Now;
        // An existing folder given as the output means "put the dump there" (like cp); checked before the long read.
        if (options.OutputFile != null && Directory.Exists(options.OutputFile))
            options = options with { Folder = options.OutputFile, OutputFile = null };
        var read = await ReadAsync(link, options.Session, options.Start, options.Length, options.VerifyWithChipCrc, progress, ct).ConfigureAwait(false);
        var id = read.Identity;
        var image = read.Data;
        long start = read.Start, length = image.Length;
        bool full = start == 0 && length == id.FlashSize;
        string device = Sanitize(options.Device ?? Path.GetFileName(link.PortName));
        string file = options.OutputFile ?? Path.Combine(options.Folder, $"{device}-{id.Chip.Name}-{time:yyyyMMdd-HHmmss}.bin");
        var dir = Path.GetDirectoryName(Path.GetFullPath(file));
        try
        {
            if (dir != null) Directory.CreateDirectory(dir);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Reported below, where the image cannot be written and is kept elsewhere instead.
        }

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
            Baud = read.Baud,
            Port = link.PortName,
            Device = options.Device ?? device,
            Crc32 = crc,
            Sha256 = sha,
            Time = time,
            Seconds = Math.Round(read.Elapsed.TotalSeconds, 2),
            Verified = options.VerifyWithChipCrc,
            File = Path.GetFileName(file),
        };
        try
        {
            await File.WriteAllBytesAsync(file, image, CancellationToken.None).ConfigureAwait(false);
            manifest.WriteBeside(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The read took minutes: never lose it because the chosen file cannot be written.
            var kept = Path.Combine(Path.GetTempPath(), Path.GetFileName(file) is { Length: > 0 } n ? n : $"{device}-{id.Chip.Name}-{time:yyyyMMdd-HHmmss}.bin");
            await File.WriteAllBytesAsync(kept, image, CancellationToken.None).ConfigureAwait(false);
            manifest.WriteBeside(kept);
            throw new BkException($"cannot write {file}: {ex.Message}; the {length} bytes read are kept in {kept} (with its manifest)",
                "move that file where you want it, or give -o a writable path next time", ex);
        }
        return new DumpResult(file, manifest, id, full, read.Rebooted);
    }

    /// <summary>
    /// Write an image with verification. A whole-flash image written at 0 without <see cref="WriteOptions.ForceBootloader"/>
    /// skips its first 0x11000 bytes (the bootloader stays as it is).
    /// </summary>
    public static async Task<WriteResult> WriteAsync(ISerialLink link, WriteOptions options, IProgress<FlashProgress>? progress, CancellationToken ct)
    {
        CheckRange("write", options.Session.Chip, options.Start, options.Data.Length, options.ForceBootloader);
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
        CheckRange("verify", options.Chip, start, data.Length, forceBootloader: true);
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

    /// <summary>
    /// What can be known about a write or verify before linking (fail fast, exit 2): empty image, start not 4 KiB aligned,
    /// range beyond the flash of the chosen chip (or of the largest chip with --chip auto), a write that lies wholly in
    /// the bootloader area without <paramref name="forceBootloader"/>. The size of the real chip is checked again after
    /// identification.
    /// </summary>
    public static void CheckRange(string verb, ChipProfile? chip, long start, long length, bool forceBootloader)
    {
        long size = chip?.FlashSize ?? ChipProfiles.All.Max(c => c.FlashSize);
        string which = chip != null ? $"the {size / 1024 / 1024} MiB flash of {chip.Name}" : $"any supported chip ({size / 1024 / 1024} MiB at most)";
        if (length <= 0) throw new UsageException($"{verb}: the image is empty", "give a file with the bytes to " + verb);
        if (start < 0) throw new UsageException($"{verb}: --start must not be negative (got {start})");
        if (start % BekenClient.SectorSize != 0)
            throw new UsageException($"{verb}: --start 0x{start:x} is not 4 KiB aligned",
                $"flash is erased and checked in 4 KiB sectors; use 0x{start / BekenClient.SectorSize * BekenClient.SectorSize:x} and pad the image in front");
        if (start + length > size)
            throw new UsageException($"{verb}: 0x{length:x} bytes at 0x{start:x} end at 0x{start + length:x}, beyond {which}",
                start > 0 && length <= size ? "a whole-flash image belongs at --start 0" : "check the file: is it an image for this chip?");
        if (!forceBootloader && start + length <= ChipProfiles.BootloaderEnd)
            throw new UsageException($"{verb}: 0x{start:x}–0x{start + length:x} lies wholly in the bootloader area (below 0x{ChipProfiles.BootloaderEnd:x})",
                "overwriting the bootloader bricks the chip unless the image is right; pass --force-bootloader if you mean it");
    }

    private static string Sanitize(string name)
    {
        var chars = name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray();
        var s = new string(chars).Trim('.', '_');
        return s.Length == 0 ? "device" : s;
    }
}
