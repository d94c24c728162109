using BkConsole.Core.Checksums;
using BkConsole.Core.Links;
using BkConsole.Devices.Beken.Packets;
using BkConsole.Devices.Flash;

namespace BkConsole.Devices.Beken;

/// <summary>
/// Verified, pipelined reads: per 64 KiB window, Read4K for each sector plus one CheckCRC of the window go out
/// back to back, all windows in one pipeline. A window whose CRC differs takes the careful path, which shrinks the
/// checked unit as far as needed (64 KiB → 4 KiB sectors → 256-byte slices) and re-reads only what is still wrong, so
/// heavy but survivable bit-error rates still end byte-identical. Every failure names the flash offset.
/// </summary>
internal sealed class FlashReadEngine(BekenClient client)
{
    private static readonly CommandId Read4K = new(0x09, true);
    private static readonly CommandId Crc = new(0x10, false);

    public async Task<byte[]> ReadAsync(long start, long length, IProgress<FlashProgress>? progress, CancellationToken ct)
    {
        long size = client.FlashSize;
        if (start < 0 || length <= 0 || (size > 0 && start + length > size))
            throw new Core.Errors.UsageException($"range 0x{start:x}+0x{length:x} is outside the 0x{size:x}-byte flash");
        long alignedStart = start / BekenClient.SectorSize * BekenClient.SectorSize;
        long alignedEnd = (start + length + BekenClient.SectorSize - 1) / BekenClient.SectorSize * BekenClient.SectorSize;
        var buffer = new byte[alignedEnd - alignedStart];
        var meter = new ProgressMeter("read", length, progress);
        var windows = FlashWindows.Split(alignedStart, alignedEnd, client.Profile)
            .Select(w => new Window(w.Start, w.End, buffer.AsMemory((int)(w.Start - alignedStart), (int)(w.End - w.Start))))
            .ToList();
        long offset = alignedStart;
        long done = 0;
        try
        {
            int next = 0;
            while (next < windows.Count)
            {
                ct.ThrowIfCancellationRequested();
                // Fast path: every remaining window in one pipeline, so the wire never idles between windows. Bytes
                // received are reported, but 100 % only once the last window is verified (below).
                bool clean = await StreamAsync(windows, next, sectorsDone => meter.Report(Math.Min(length - 1, done + sectorsDone), offset), ct)
                    .ConfigureAwait(false);
                if (!clean) await client.RecoverAsync(ct).ConfigureAwait(false);
                if (!windows[next].Attempted) windows[next].Attempted = true; // no progress at all: the careful path takes it
                for (; next < windows.Count; next++)
                {
                    var w = windows[next];
                    offset = w.Start;
                    if (!w.Attempted) break; // the pipeline stopped before reaching it: stream again from here
                    if (!w.Complete || (client.VerifyReads && w.CrcOk != true))
                    {
                        await ReadWindowAsync(w.Start, w.End, w.Data, w.Have, ct).ConfigureAwait(false);
                    }
                    done += w.End - w.Start;
                    meter.Report(Math.Min(length, done), w.End);
                }
            }
        }
        catch (LinkLostException e)
        {
            offset = FirstMissing(windows, offset);
            throw new FlashOperationException($"link lost while reading 0x{offset:x}: {e.Message}", offset,
                advice: "the adapter was unplugged or the device lost power; nothing was saved; reconnect and read again", inner: e);
        }
        catch (BekenTimeoutException e)
        {
            offset = FirstMissing(windows, offset);
            throw new FlashOperationException($"reading 0x{offset:x} failed: {e.Message}", offset, advice: e.Advice, inner: e);
        }
        return alignedStart == start && alignedEnd == start + length
            ? buffer
            : buffer.AsSpan((int)(start - alignedStart), (int)length).ToArray();
    }

    /// <summary>Flash address of the first sector not received (at or after <paramref name="from"/>).</summary>
    private static long FirstMissing(List<Window> windows, long from)
    {
        foreach (var w in windows)
        {
            if (w.End <= from) continue;
            int i = Array.IndexOf(w.Have, false);
            if (i >= 0) return Math.Max(from, w.Start + (long)i * BekenClient.SectorSize);
        }
        return from;
    }

    /// <summary>A verification window and what has been received for it.</summary>
    private sealed class Window(long start, long end, Memory<byte> data)
    {
        public long Start { get; } = start;
        public long End { get; } = end;
        public Memory<byte> Data { get; } = data;
        public bool[] Have { get; } = new bool[(int)((end - start) / BekenClient.SectorSize)];
        public bool Attempted { get; set; }
        public bool? CrcOk { get; set; }
        public bool Complete => Array.TrueForAll(Have, h => h);
    }

    /// <summary>Read4K for every sector and one CheckCRC per window, for windows[from..], as one pipeline.</summary>
    /// <returns>True when every request was answered (the session is clean).</returns>
    private async Task<bool> StreamAsync(List<Window> windows, int from, Action<long> progress, CancellationToken ct)
    {
        int baud = client.Link.BaudRate;
        var items = new List<PipelineItem>();
        var owner = new List<(Window W, int Sector)>(); // Sector = -1: the window's CRC
        for (int wi = from; wi < windows.Count; wi++)
        {
            var w = windows[wi];
            for (int i = 0; i < w.Have.Length; i++)
            {
                if (w.Have[i]) continue;
                uint wire = client.WireAddress(w.Start + (long)i * BekenClient.SectorSize);
                items.Add(new PipelineItem(new FlashRead4KCommand(wire), BekenTimeouts.ForTransfer(12 + 4111, baud), Pipeline.ByAddress(Read4K, wire))
                    { Idle = BekenTimeouts.PartialReplyIdle(baud) });
                owner.Add((w, i));
            }
            if (client.VerifyReads)
            {
                items.Add(new PipelineItem(client.CrcCommand(w.Start, w.End), BekenTimeouts.ForCrc(w.End - w.Start, baud), Pipeline.ById(Crc))
                    { Idle = BekenTimeouts.CrcIdle(w.End - w.Start, baud) });
                owner.Add((w, -1));
            }
        }
        foreach (var item in items) client.EnsureSupported(item.Command);
        long bytes = 0;
        int sentUpTo = -1;
        var results = await Pipeline.RunAsync(client.Transport, items, ct, (k, reply) =>
        {
            var (w, sector) = owner[k];
            w.Attempted = true;
            sentUpTo = Math.Max(sentUpTo, k);
            if (sector < 0)
            {
                uint? chip = TryParse(() => ((CheckCrcCommand)items[k].Command).ParseReply(reply).Crc);
                w.CrcOk = w.Complete && chip == BekenCrc32.Compute(w.Data.Span);
                return;
            }
            var r = TryParse(() => new FlashRead4KCommand(0).ParseReply(reply));
            if (r == null) return;
            if (r.Status == 6)
                throw new FlashOperationException($"the bootloader refuses to read 0x{w.Start + (long)sector * BekenClient.SectorSize:x} (status 6, protected area)",
                    w.Start + (long)sector * BekenClient.SectorSize,
                    advice: "the flash size used for the wrap-around is wrong; pass --chip, or read from 0x11000 (--start 0x11000)");
            if (r.Status != 0 || r.Data.Length != BekenClient.SectorSize) return;
            r.Data.CopyTo(w.Data[(sector * BekenClient.SectorSize)..]);
            w.Have[sector] = true;
            bytes += BekenClient.SectorSize;
            if ((bytes & 0xFFFF) == 0) progress(bytes);
        }).ConfigureAwait(false);
        // A window is "attempted" once any of its requests was answered or skipped past; mark the ones the
        // pipeline went beyond even if their own replies were lost.
        for (int k = 0; k <= sentUpTo; k++) owner[k].W.Attempted = true;
        return Array.TrueForAll(results, r => r != null);
    }

    /// <summary>
    /// The careful path for one window, adaptive to the fault rate: the window's CRC failed (or a reply was lost), so
    /// every sector is checked against its own chip CRC; a sector that still differs is narrowed to
    /// <see cref="SliceSize"/>-byte slices, each with its own chip CRC, and from then on only its bad slices are taken
    /// from each re-read (a good slice is never overwritten). Every byte kept has matched a chip CRC over exactly the
    /// range it sits in. Up to <see cref="BekenTimeouts.ReadSectorAttempts"/> rounds, each one pipeline.
    /// </summary>
    private async Task ReadWindowAsync(long start, long end, Memory<byte> dest, bool[] have, CancellationToken ct)
    {
        int count = have.Length;
        var state = Enumerable.Range(0, count).Select(_ => new SectorCheck()).ToArray();
        string lastError = "no reply";
        for (int attempt = 0; attempt < BekenTimeouts.ReadSectorAttempts; attempt++)
        {
            ct.ThrowIfCancellationRequested();
            int baud = client.Link.BaudRate;
            var items = new List<PipelineItem>();
            var what = new List<(int Sector, int Part)>();
            for (int s = 0; s < count; s++)
            {
                var st = state[s];
                if (st.Verified || (!client.VerifyReads && have[s])) continue;
                long at = start + (long)s * BekenClient.SectorSize;
                if (!have[s] || st.SliceMode)
                {
                    uint wire = client.WireAddress(at);
                    items.Add(new PipelineItem(new FlashRead4KCommand(wire), BekenTimeouts.ForTransfer(12 + 4111, baud), Pipeline.ByAddress(Read4K, wire))
                        { Idle = BekenTimeouts.PartialReplyIdle(baud) });
                    what.Add((s, ReadPart));
                }
                if (!client.VerifyReads) continue;
                if (!st.SliceMode)
                {
                    items.Add(CrcItem(at, at + BekenClient.SectorSize, baud));
                    what.Add((s, SectorCrcPart));
                    continue;
                }
                for (int slice = 0; slice < SlicesPerSector; slice++)
                {
                    if (st.Good[slice]) continue;
                    items.Add(CrcItem(at + slice * SliceSize, at + (slice + 1) * SliceSize, baud));
                    what.Add((s, slice));
                }
            }
            if (items.Count == 0) return;
            foreach (var item in items) client.EnsureSupported(item.Command);

            var results = await Pipeline.RunAsync(client.Transport, items, ct).ConfigureAwait(false);
            var copies = new ReadOnlyMemory<byte>?[count];
            for (int k = 0; k < items.Count; k++)
            {
                var (s, part) = what[k];
                if (part != ReadPart) continue;
                long at = start + (long)s * BekenClient.SectorSize;
                var r = results[k] is { } raw ? TryParse(() => new FlashRead4KCommand(0).ParseReply(raw)) : null;
                if (r is { Status: 6 })
                    throw new FlashOperationException($"the bootloader refuses to read 0x{at:x} (status 6, protected area)", at,
                        advice: "the flash size used for the wrap-around is wrong; pass --chip, or read from 0x11000 (--start 0x11000)");
                if (r is { Status: 0 } && r.Data.Length == BekenClient.SectorSize)
                {
                    copies[s] = r.Data;
                    if (!have[s] || !client.VerifyReads) r.Data.CopyTo(dest[(s * BekenClient.SectorSize)..]);
                    have[s] = true;
                }
                else lastError = r == null ? "no reply" : r.Status != 0 ? $"status {r.Status}{StatusName(r.Status)}" : $"{r.Data.Length} of 4096 bytes";
            }
            for (int k = 0; k < items.Count; k++)
            {
                var (s, part) = what[k];
                if (part == ReadPart) continue;
                var st = state[s];
                var sector = dest.Slice(s * BekenClient.SectorSize, BekenClient.SectorSize);
                if (results[k] is not { } reply)
                {
                    lastError = "no reply to CheckCRC";
                    continue;
                }
                if (TryParse(() => ((CheckCrcCommand)items[k].Command).ParseReply(reply).Crc) is not uint chip)
                {
                    lastError = "malformed CheckCRC reply";
                    continue;
                }
                if (part == SectorCrcPart)
                {
                    if (BekenCrc32.Compute(sector.Span) == chip) st.Verified = true;
                    else
                    {
                        st.SliceMode = true; // from now on, re-reads only replace the slices that differ
                        lastError = "data does not match the chip's CRC";
                    }
                    continue;
                }
                var slice = sector.Slice(part * SliceSize, SliceSize);
                if (BekenCrc32.Compute(slice.Span) == chip)
                {
                    st.Good[part] = true;
                    continue;
                }
                if (copies[s] is { } copy)
                {
                    var fresh = copy.Slice(part * SliceSize, SliceSize);
                    fresh.CopyTo(slice); // the newest copy replaces a slice that is known to be wrong
                    st.Good[part] = BekenCrc32.Compute(fresh.Span) == chip;
                }
                if (!st.Good[part]) lastError = "data does not match the chip's CRC";
            }
            foreach (var st in state)
                if (st.SliceMode && Array.TrueForAll(st.Good, g => g)) st.Verified = true;
            if (Array.Exists(results, r => r == null)) await client.RecoverAsync(ct).ConfigureAwait(false);
        }
        int bad = Enumerable.Range(0, count).First(s => !(state[s].Verified || (!client.VerifyReads && have[s])));
        long badOffset = start + (long)bad * BekenClient.SectorSize;
        if (state[bad].SliceMode && Array.IndexOf(state[bad].Good, false) is int j and >= 0) badOffset += j * SliceSize;
        throw new FlashOperationException(
            $"reading 0x{badOffset:x} failed after {BekenTimeouts.ReadSectorAttempts} attempts: {lastError}", badOffset,
            advice: "check power and wiring, or use a lower --baud; nothing was saved as a backup");
    }

    /// <summary>Bytes per chip-CRC check once a sector has failed its own CRC (one flash page).</summary>
    internal const int SliceSize = 256;

    private const int SlicesPerSector = BekenClient.SectorSize / SliceSize;
    private const int ReadPart = -1;
    private const int SectorCrcPart = -2;

    private PipelineItem CrcItem(long from, long to, int baud) =>
        new(client.CrcCommand(from, to), BekenTimeouts.ForCrc(to - from, baud), Pipeline.ById(Crc)) { Idle = BekenTimeouts.CrcIdle(to - from, baud) };

    /// <summary>How far one sector of the careful path is checked.</summary>
    private sealed class SectorCheck
    {
        public bool Verified { get; set; }

        public bool SliceMode { get; set; }

        public bool[] Good { get; } = new bool[SlicesPerSector];
    }

    /// <summary>A reply mangled on the wire (e.g. a status-only frame where data was expected) counts as lost, not as fatal.</summary>
    internal static T? TryParse<T>(Func<T> parse) where T : class
    {
        try
        {
            return parse();
        }
        catch (BekenProtocolException)
        {
            return null;
        }
    }

    internal static uint? TryParse(Func<uint> parse)
    {
        try
        {
            return parse();
        }
        catch (BekenProtocolException)
        {
            return null;
        }
    }

    internal static string StatusName(byte status) => status switch
    {
        1 => " (flash busy)",
        2 => " (SPI timeout)",
        3 => " (flash operation timeout)",
        4 => " (packet length error)",
        5 => " (packet payload missing)",
        6 => " (parameter error / protected)",
        7 => " (unknown command)",
        _ => "",
    };
}
