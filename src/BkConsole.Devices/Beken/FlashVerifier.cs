using BkConsole.Core.Checksums;
using BkConsole.Devices.Beken.Packets;
using BkConsole.Devices.Flash;

namespace BkConsole.Devices.Beken;

/// <summary>Compares flash with local data using the chip's CRC: per 64 KiB window, then per sector where a window differs.</summary>
internal sealed class FlashVerifier(BekenClient client)
{
    private static readonly CommandId Crc = new(0x10, false);

    public async Task<IReadOnlyList<long>> DifferingSectorsAsync(long start, ReadOnlyMemory<byte> data, IProgress<FlashProgress>? progress, CancellationToken ct)
    {
        if (start % BekenClient.SectorSize != 0 || data.Length % BekenClient.SectorSize != 0)
            throw new Core.Errors.UsageException("verify needs a 4 KiB-aligned start and length");
        long end = start + data.Length;
        var meter = new ProgressMeter("verify", data.Length, progress);
        var windows = FlashWindows.Split(start, end, client.Profile).ToList();
        var crcs = await CrcsAsync(windows, ct).ConfigureAwait(false);
        var differing = new List<long>();
        for (int w = 0; w < windows.Count; w++)
        {
            var (ws, we) = windows[w];
            var local = data.Slice((int)(ws - start), (int)(we - ws));
            if (crcs[w] == BekenCrc32.Compute(local.Span))
            {
                meter.Report(we - start, we);
                continue;
            }
            var sectors = new List<(long, long)>();
            for (long s = ws; s < we; s += BekenClient.SectorSize) sectors.Add((s, s + BekenClient.SectorSize));
            var perSector = await CrcsAsync(sectors, ct).ConfigureAwait(false);
            for (int i = 0; i < sectors.Count; i++)
            {
                var part = data.Slice((int)(sectors[i].Item1 - start), BekenClient.SectorSize);
                if (perSector[i] != BekenCrc32.Compute(part.Span)) differing.Add(sectors[i].Item1);
            }
            meter.Report(we - start, we);
        }
        await client.RearmAfterCrcAsync(ct).ConfigureAwait(false);
        return differing;
    }

    /// <summary>Chip CRCs of the ranges (null where no reply came even after a retry).</summary>
    internal async Task<uint?[]> CrcsAsync(IReadOnlyList<(long Start, long End)> ranges, CancellationToken ct)
    {
        var result = new uint?[ranges.Count];
        for (int attempt = 0; attempt < 3; attempt++)
        {
            var todo = Enumerable.Range(0, ranges.Count).Where(i => result[i] == null).ToList();
            if (todo.Count == 0) break;
            var items = todo.Select(i => new PipelineItem(client.CrcCommand(ranges[i].Start, ranges[i].End),
                BekenTimeouts.ForCrc(ranges[i].End - ranges[i].Start, client.Link.BaudRate), Pipeline.ById(Crc))).ToList();
            var replies = await Pipeline.RunAsync(client.Transport, items, ct).ConfigureAwait(false);
            bool lost = false;
            for (int j = 0; j < todo.Count; j++)
            {
                var command = (CheckCrcCommand)items[j].Command;
                if (replies[j] is { } r && FlashReadEngine.TryParse(() => command.ParseReply(r).Crc) is uint crc) result[todo[j]] = crc;
                else lost = true;
            }
            if (lost) await client.RecoverAsync(ct).ConfigureAwait(false);
        }
        return result;
    }
}
