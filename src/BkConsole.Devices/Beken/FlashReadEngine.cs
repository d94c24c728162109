using BkConsole.Core.Checksums;
using BkConsole.Core.Links;
using BkConsole.Devices.Beken.Packets;
using BkConsole.Devices.Flash;

namespace BkConsole.Devices.Beken;

/// <summary>
/// Verified, pipelined reads: per 64 KiB window, Read4K for each sector plus one CheckCRC of the window go out
/// back to back; a CRC mismatch is narrowed down by per-sector CRCs and only bad sectors are re-read, up to
/// <see cref="BekenTimeouts.ReadSectorAttempts"/> times. Every failure names the flash offset.
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
                // Fast path: every remaining window in one pipeline, so the wire never idles between windows.
                                bool clean = await StreamAsync(windows, next, sectorsDone => meter.Report(Math.Min(length, done + sectorsDone), offset), ct)
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
                uint chip = ((CheckCrcCommand)items[k].Command).ParseReply(reply).Crc;
                w.CrcOk = w.Complete && chip == BekenCrc32.Compute(w.Data.Span);
                return;
            }
            var r = new FlashRead4KCommand(0).ParseReply(reply);
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

    /// <summary>The careful path for one window: re-read what is missing, CRC, narrow a mismatch down to sectors, repeat.</summary>
    private async Task ReadWindowAsync(long start, long end, Memory<byte> dest, bool[] have, CancellationToken ct)
    {
        int count = have.Length;
        string lastError = "no reply";
        long badOffset = start;
        for (int attempt = 0; attempt < BekenTimeouts.ReadSectorAttempts; attempt++)
        {
            ct.ThrowIfCancellationRequested();
            var missing = Enumerable.Range(0, count).Where(i => !have[i]).ToList();
            var items = new List<PipelineItem>(missing.Count + 1);
            int baud = client.Link.BaudRate;
            foreach (var i in missing)
            {
                uint wire = client.WireAddress(start + (long)i * BekenClient.SectorSize);
                items.Add(new PipelineItem(new FlashRead4KCommand(wire), BekenTimeouts.ForTransfer(12 + 4111, baud), Pipeline.ByAddress(Read4K, wire))
                    { Idle = BekenTimeouts.PartialReplyIdle(baud) });
            }
            var crcCommand = client.CrcCommand(start, end);
            if (client.VerifyReads)
                items.Add(new PipelineItem(crcCommand, BekenTimeouts.ForCrc(end - start, baud), Pipeline.ById(Crc)) { Idle = BekenTimeouts.CrcIdle(end - start, baud) });
            foreach (var item in items) client.EnsureSupported(item.Command);

            var results = await Pipeline.RunAsync(client.Transport, items, ct).ConfigureAwait(false);
            bool holes = false;
            for (int j = 0; j < missing.Count; j++)
            {
                int i = missing[j];
                var r = results[j] is { } raw ? new FlashRead4KCommand(0).ParseReply(raw) : null;
                if (r is { Status: 0 } && r.Data.Length == BekenClient.SectorSize)
                {
                    r.Data.CopyTo(dest[(i * BekenClient.SectorSize)..]);
                    have[i] = true;
                    continue;
                }
                holes = true;
                badOffset = start + (long)i * BekenClient.SectorSize;
                lastError = r == null ? "no reply" : r.Status != 0 ? $"status {r.Status}{StatusName(r.Status)}" : $"{r.Data.Length} of 4096 bytes";
                if (r is { Status: 6 })
                    throw new FlashOperationException($"the bootloader refuses to read 0x{badOffset:x} (status 6, protected area)", badOffset,
                        advice: "the flash size used for the wrap-around is wrong; pass --chip, or read from 0x11000 (--start 0x11000)");
            }
            if (holes)
            {
                await client.RecoverAsync(ct).ConfigureAwait(false);
                continue;
            }
            if (!client.VerifyReads) return;
            var crcReply = results[^1];
            if (crcReply == null)
            {
                lastError = "no reply to CheckCRC";
                await client.RecoverAsync(ct).ConfigureAwait(false);
                continue;
            }
            uint expected = BekenCrc32.Compute(dest.Span);
            if (crcCommand.ParseReply(crcReply).Crc == expected) return;

            var bad = await BadSectorsAsync(start, count, dest, ct).ConfigureAwait(false);
            if (bad.Count == 0) Array.Fill(have, false);
            foreach (var i in bad) have[i] = false;
            badOffset = start + (long)(bad.Count > 0 ? bad[0] : 0) * BekenClient.SectorSize;
            lastError = "data does not match the chip's CRC";
        }
        throw new FlashOperationException(
            $"reading 0x{badOffset:x} failed after {BekenTimeouts.ReadSectorAttempts} attempts: {lastError}", badOffset,
            advice: "check power and wiring, or use a lower --baud; nothing was saved as a backup");
    }

    /// <summary>Sectors of the window whose chip CRC differs from what was received (or could not be checked).</summary>
    private async Task<List<int>> BadSectorsAsync(long start, int count, ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        var items = new List<PipelineItem>(count);
        for (int i = 0; i < count; i++)
        {
            long s = start + (long)i * BekenClient.SectorSize;
            items.Add(new PipelineItem(client.CrcCommand(s, s + BekenClient.SectorSize),
                BekenTimeouts.ForCrc(BekenClient.SectorSize, client.Link.BaudRate), Pipeline.ById(Crc))
                { Idle = BekenTimeouts.CrcIdle(BekenClient.SectorSize, client.Link.BaudRate) });
        }
        var results = await Pipeline.RunAsync(client.Transport, items, ct).ConfigureAwait(false);
        var bad = new List<int>();
        bool lost = false;
        for (int i = 0; i < count; i++)
        {
            uint local = BekenCrc32.Compute(data.Span.Slice(i * BekenClient.SectorSize, BekenClient.SectorSize));
            if (results[i] == null) lost = true;
            if (results[i] == null || ((CheckCrcCommand)items[i].Command).ParseReply(results[i]!).Crc != local) bad.Add(i);
        }
        if (lost) await client.RecoverAsync(ct).ConfigureAwait(false);
        return bad;
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
