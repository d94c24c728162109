using BkConsole.Core.Errors;
using BkConsole.Core.Flash;
using BkConsole.Devices.Spi.Chips;

namespace BkConsole.Devices.Spi;

/// <summary>
/// The SPI flash operations API behind the CLI verbs and the TUI (style rule 9): connect (Beken entry, id, chip
/// row, protection), read with a second-pass verify, dump to a file with a manifest, erase, write (erase +
/// program + verify), verify, unprotect. Progress through <see cref="IProgress{T}"/>, cancellation everywhere.
/// </summary>
public sealed class SpiFlashService : IDisposable
{
    private readonly ISpiMaster _spi;
    private readonly ICenLine? _cen;
    private readonly Spi25 _flash;
    private SpiFlashInfo? _info;

    public SpiFlashService(ISpiMaster spi, ICenLine? cen, SpiFlashOptions? options = null)
    {
        _spi = spi;
        _cen = cen;
        _flash = new Spi25(spi);
        Options = options ?? new SpiFlashOptions();
    }

    public SpiFlashOptions Options { get; }

    public ISpiMaster Master => _spi;

    public SpiFlashInfo Info => _info ?? throw new InvalidOperationException("Connect first");

    /// <summary>Enter SPI mode when needed, read the JEDEC id and status, look the chip up.</summary>
    public SpiFlashInfo Connect(IProgress<SpiProgress>? progress, CancellationToken ct)
    {
        var started = _spi.Elapsed;
        JedecId id;
        int attempts = 0;
        if (Options.BekenEntry && _cen is not null)
        {
            var entry = new BekenSpiModeEntry(_flash, _cen, Options.MaxAttempts);
            var relay = progress is null ? null
                : new SyncProgress<BekenEntryProgress>(e => progress.Report(new SpiProgress(SpiStage.Entering, e.Attempt, e.MaxAttempts, e.Elapsed, e)));
            id = entry.Enter(relay, ct);
            attempts = entry.AttemptsUsed;
        }
        else
        {
            id = _flash.ReadJedecId(ct);
            if (!id.IsValid)
                throw new BkException($"No flash chip answers (JEDEC id {id})",
                    "Check the wiring and the 3.3 V supply; for a Beken chip in circuit, keep the Beken SPI-mode entry on.");
        }
        var chip = FlashChips.Find(id);
        long size = chip?.Size ?? id.SizeFromCapacity
            ?? throw new BkException(FlashChips.DescribeUnknown(id), "Report the id so the part can be added to the chip table.");
        ushort status = ReadStatus(chip, ct);
        var layout = chip?.Status ?? StatusRegisterLayout.Gd16;
        var (ps, pl) = layout.Decode(status, size);
        _info = new SpiFlashInfo(id, chip, size, status, ps, pl, attempts, _spi.Elapsed - started);
        return _info;
    }

    /// <summary>Read <paramref name="length"/> bytes; with <paramref name="verify"/> a second pass must agree.</summary>
    public byte[] Read(long start, long length, bool verify, IProgress<SpiProgress>? progress, CancellationToken ct)
    {
        CheckRange(start, length);
        var data = new byte[length];
        var t0 = _spi.Elapsed;
        long done = 0;
        _flash.Read((uint)start, data, n => progress?.Report(new SpiProgress(SpiStage.Reading, done += n, length, _spi.Elapsed - t0)), ct);
        if (!verify) return data;

        const int window = SpiTimeouts.ReadChunk * SpiTimeouts.ReadFramesPerBatch;
        var again = new byte[window];
        done = 0;
        for (long off = 0; off < length; off += window)
        {
            int n = (int)Math.Min(window, length - off);
            var first = data.AsMemory((int)off, n);
            bool agreed = false;
            for (int attempt = 0; attempt <= SpiTimeouts.ReadRetries && !agreed; attempt++)
            {
                _flash.Read((uint)(start + off), again.AsMemory(0, n), null, ct);
                if (again.AsSpan(0, n).SequenceEqual(first.Span)) agreed = true;
                else again.AsSpan(0, n).CopyTo(first.Span); // keep the newest read; the next pass must confirm it
            }
            if (!agreed)
                throw new BkException($"Reads of 0x{start + off:x6}-0x{start + off + n - 1:x6} keep disagreeing",
                    "The SPI link is unreliable: shorten the wires (<10 cm), check GND and the 3.3 V supply.");
            progress?.Report(new SpiProgress(SpiStage.Verifying, done += n, length, _spi.Elapsed - t0));
        }
        return data;
    }

    /// <summary>Read to <paramref name="path"/> and write the manifest beside it (method "spi").</summary>
    public SpiDumpResult Dump(string path, long start, long? length, bool verify, IProgress<SpiProgress>? progress, CancellationToken ct)
    {
        var info = Info;
        long len = length ?? info.Size - start;
        var t0 = _spi.Elapsed;
        var data = Read(start, len, verify, progress, ct);
        File.WriteAllBytes(path, data);
        var (crc, sha) = DumpManifest.Digest(data);
        var manifest = new DumpManifest
        {
            Chip = Options.Chip,
            Method = "spi",
            FlashId = info.Id.Hex,
            FlashSize = info.Size,
            Start = start,
            Length = len,
            Port = _spi.Name,
            Crc32 = crc,
            Sha256 = sha,
            Time = DateTimeOffset.UtcNow,
            Seconds = Math.Round((_spi.Elapsed - t0).TotalSeconds, 3),
            Verified = verify,
            File = System.IO.Path.GetFileName(path),
        };
        manifest.WriteBeside(path);
        return new SpiDumpResult(manifest, path, DumpGuard.Check(data, len));
    }

    /// <summary>Erase [start, start+length): both must be multiples of the chip's smallest erase block.</summary>
    public void Erase(long start, long length, IProgress<SpiProgress>? progress, CancellationToken ct)
    {
        var chip = RequireKnownChip("erase");
        CheckRange(start, length);
        int unit = chip.SmallestErase;
        if (start % unit != 0 || length % unit != 0)
            throw new UsageException($"Erase range 0x{start:x}+0x{length:x} is not aligned to {unit / 1024} KiB sectors",
                $"Use --start and --length that are multiples of 0x{unit:x}.");
        RefuseIfProtected(start, length, "erase");
        var t0 = _spi.Elapsed;
        long end = start + length;
        for (long a = start; a < end;)
        {
            ct.ThrowIfCancellationRequested();
            var block = chip.EraseBlocks.OrderByDescending(b => b.Size).First(b => a % b.Size == 0 && a + b.Size <= end);
            _flash.Erase(block.Opcode, (uint)a, ct);
            a += block.Size;
            progress?.Report(new SpiProgress(SpiStage.Erasing, a - start, length, _spi.Elapsed - t0));
        }
    }

    /// <summary>
    /// Write <paramref name="data"/> at <paramref name="start"/> like flashrom: read what is there, then per
    /// sector skip it when it already matches, program it without erasing when only 1→0 bits change, else erase
    /// it (merged into 32/64 KiB blocks where aligned) and program the pages that are not blank; bytes of partly
    /// covered sectors are kept. Then (optionally) verify by reading back.
    /// </summary>
    public SpiWriteSummary Write(long start, ReadOnlyMemory<byte> data, bool verify, IProgress<SpiProgress>? progress, CancellationToken ct)
    {
        var chip = RequireKnownChip("write");
        CheckRange(start, data.Length);
        RefuseIfProtected(start, data.Length, "write");
        int unit = chip.SmallestErase;
        long alignedStart = start / unit * unit;
        long alignedEnd = (start + data.Length + unit - 1) / unit * unit;
        int total = (int)(alignedEnd - alignedStart);

        var t0 = _spi.Elapsed;
        long done = 0;
        var current = new byte[total];
        _flash.Read((uint)alignedStart, current, n => progress?.Report(new SpiProgress(SpiStage.Reading, done += n, total, _spi.Elapsed - t0)), ct);
        var image = (byte[])current.Clone();
        data.Span.CopyTo(image.AsSpan((int)(start - alignedStart)));

        int sectors = total / unit;
        var erase = new bool[sectors];
        var program = new bool[sectors];
        for (int i = 0; i < sectors; i++)
        {
            var cur = current.AsSpan(i * unit, unit);
            var img = image.AsSpan(i * unit, unit);
            if (cur.SequenceEqual(img)) continue;
            program[i] = true;
            for (int k = 0; k < unit && !erase[i]; k++) erase[i] = (cur[k] & img[k]) != img[k];
        }

        // Erase the sectors that need it, with the largest aligned block whose sectors all need erasing.
        long eraseTotal = erase.Count(e => e) * (long)unit, erased = 0;
        t0 = _spi.Elapsed;
        for (int i = 0; i < sectors;)
        {
            ct.ThrowIfCancellationRequested();
            if (!erase[i]) { i++; continue; }
            long a = alignedStart + (long)i * unit;
            int run = 1;
            while (i + run < sectors && erase[i + run]) run++;
            var block = chip.EraseBlocks.OrderByDescending(x => x.Size)
                .First(x => a % x.Size == 0 && x.Size <= (long)run * unit);
            _flash.Erase(block.Opcode, (uint)a, ct);
            for (int k = 0; k < block.Size / unit; k++) current.AsSpan((i + k) * unit, unit).Fill(0xFF);
            i += block.Size / unit;
            progress?.Report(new SpiProgress(SpiStage.Erasing, erased += block.Size, eraseTotal, _spi.Elapsed - t0));
        }

        // Program the pages that differ from what the chip now holds (blank pages after an erase are skipped).
        var pages = new List<(int Offset, int Length)>();
        for (int off = 0; off < total; off += chip.PageSize)
        {
            int n = Math.Min(chip.PageSize, total - off);
            if (program[off / unit] && !current.AsSpan(off, n).SequenceEqual(image.AsSpan(off, n)))
            {
                if (pages.Count > 0 && pages[^1].Offset + pages[^1].Length == off) pages[^1] = (pages[^1].Offset, pages[^1].Length + n);
                else pages.Add((off, n));
            }
        }
        long programTotal = pages.Sum(p => (long)p.Length), programmed = 0;
        t0 = _spi.Elapsed;
        foreach (var (off, len) in pages)
            _flash.Program((uint)(alignedStart + off), image.AsMemory(off, len), chip.PageSize,
                n => progress?.Report(new SpiProgress(SpiStage.Programming, programmed += n, programTotal, _spi.Elapsed - t0)), ct);

        if (verify) VerifyOrThrow(alignedStart, image, progress, ct);
        return new SpiWriteSummary(total, sectors - program.Count(x => x), erase.Count(e => e), programTotal, verify);
    }

    /// <summary>
    /// Read back and compare; throws with the first differing address (flashrom's wording). <paramref name="afterWrite"/>
    /// false (a plain `spi verify`) words the advice as a comparison: nothing was written, the flash just holds other bytes.
    /// </summary>
    public void VerifyOrThrow(long start, ReadOnlyMemory<byte> expected, IProgress<SpiProgress>? progress, CancellationToken ct, bool afterWrite = true)
    {
        CheckRange(start, expected.Length);
        var t0 = _spi.Elapsed;
        var found = new byte[expected.Length];
        long done = 0;
        _flash.Read((uint)start, found, n => progress?.Report(new SpiProgress(SpiStage.Verifying, done += n, expected.Length, _spi.Elapsed - t0)), ct);
        int diff = expected.Span.CommonPrefixLength(found);
        if (diff < expected.Length)
        {
            bool protectedHere = Info.IsProtected && start + diff >= Info.ProtectedStart && start + diff < Info.ProtectedStart + Info.ProtectedLength;
            throw new BkException(
                $"Verify FAILED at 0x{start + diff:x6}: expected 0x{expected.Span[diff]:x2}, found 0x{found[diff]:x2}",
                !afterWrite
                    ? $"The flash holds other bytes than the file from there on; to put the file there: bkconsole spi write FILE --start 0x{start:x}"
                      + (protectedHere ? " --unprotect (that address is write-protected)" : "")
                    : protectedHere
                        ? "That address is write-protected: run `bkconsole spi unprotect` and write again."
                        : "Write again; if it fails at the same place, the sector may be worn or protected.");
        }
    }

    /// <summary>Clear block protection (BP/CMP, e.g. the Beken SDK's 0x4004), keeping QE; returns the new status.</summary>
    public ushort Unprotect(IProgress<SpiProgress>? progress, CancellationToken ct)
    {
        var info = Info;
        var layout = info.Chip?.Status ?? StatusRegisterLayout.Gd16;
        var t0 = _spi.Elapsed;
        progress?.Report(new SpiProgress(SpiStage.Unprotecting, 0, 1, TimeSpan.Zero));
        ushort target = layout.Unprotected(info.Status);
        _flash.WriteStatus(target, layout.Bytes == 2, ct);
        ushort now = ReadStatus(info.Chip, ct);
        if (layout.IsProtected(now) && layout.HasWriteStatus2)
        {
            _flash.WriteStatus2((byte)(layout.Unprotected(now) >> 8), ct);
            now = ReadStatus(info.Chip, ct);
        }
        if (layout.IsProtected(now))
            throw new BkException($"The protection bits did not clear (status 0x{now:x4} after writing 0x{target:x4})",
                "The status register may be locked (SRP bits with WP# low, or one-time lock): power-cycle and try again.");
        var (ps, pl) = layout.Decode(now, info.Size);
        _info = info with { Status = now, ProtectedStart = ps, ProtectedLength = pl };
        progress?.Report(new SpiProgress(SpiStage.Unprotecting, 1, 1, _spi.Elapsed - t0));
        return now;
    }

    /// <summary>Pulse CEN so the Beken chip boots its firmware again (the end of every session).</summary>
    public void Reboot(CancellationToken ct)
    {
        if (_cen is null) return;
        _cen.SetCen(false, ct);
        _spi.Pause(SpiTimeouts.BekenCenLow, ct);
        _cen.SetCen(true, ct);
    }

    private ushort ReadStatus(FlashChip? chip, CancellationToken ct) =>
        chip?.Status.Bytes == 1 ? _flash.ReadStatus1Only(ct) : _flash.ReadStatus(ct);

    private FlashChip RequireKnownChip(string what) =>
        Info.Chip ?? throw new BkException($"{FlashChips.DescribeUnknown(Info.Id)}; bkconsole will not {what} it",
            "Reading works with the size from the capacity byte; report the id so the part can be added to the chip table.");

    private void RefuseIfProtected(long start, long length, string what)
    {
        var info = Info;
        if (!info.IsProtected) return;
        long pe = info.ProtectedStart + info.ProtectedLength;
        if (start < pe && start + length > info.ProtectedStart)
            throw new BkException(
                $"Refusing to {what}: the flash is write-protected at 0x{info.ProtectedStart:x6}-0x{pe - 1:x6} " +
                $"(status 0x{info.Status:x4}{(info.Status == StatusRegisterLayout.BekenSdkProtection ? ", the Beken SDK's CMP+BP0" : "")}); " +
                "the chip would silently ignore it",
                "Clear it first: `bkconsole spi unprotect`, or add --unprotect to this command.");
    }

    private void CheckRange(long start, long length)
    {
        long size = Info.Size;
        if (start < 0 || length < 0 || start + length > size)
            throw new UsageException($"Range 0x{start:x}+0x{length:x} does not fit the {size / 1024} KiB flash",
                $"Use --start/--length within 0x0-0x{size:x}.");
    }

    public void Dispose() => _spi.Dispose();

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to a thread pool).</summary>
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
