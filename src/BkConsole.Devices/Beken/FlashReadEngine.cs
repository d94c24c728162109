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
        long offset = alignedStart;
        try
        {
            foreach (var (ws, we) in FlashWindows.Split(alignedStart, alignedEnd, client.Profile))
            {
                offset = ws;
                await ReadWindowAsync(ws, we, buffer.AsMemory((int)(ws - alignedStart), (int)(we - ws)), ct).ConfigureAwait(false);
                meter.Report(Math.Min(length, we - start), we);
            }
        }
        catch (LinkLostException e)
        {
            throw new FlashOperationException($"link lost while reading 0x{offset:x}: {e.Message}", offset,
                advice: "the adapter was unplugged or the device lost power; nothing was saved; reconnect and read again", inner: e);
        }
        catch (BekenTimeoutException e)
        {
            throw new FlashOperationException($"reading 0x{offset:x} failed: {e.Message}", offset, advice: e.Advice, inner: e);
        }
        return alignedStart == start && alignedEnd == start + length
            ? buffer
            : buffer.AsSpan((int)(start - alignedStart), (int)length).ToArray();
    }

    private async Task ReadWindowAsync(long start, long end, Memory<byte> dest, CancellationToken ct)
    {
        int count = (int)((end - start) / BekenClient.SectorSize);
        var have = new bool[count];
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
