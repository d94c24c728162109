using BkConsole.Core.Checksums;
using BkConsole.Core.Errors;
using BkConsole.Core.Links;
using BkConsole.Devices.Beken.Packets;
using BkConsole.Devices.Flash;

namespace BkConsole.Devices.Beken;

/// <summary>
/// Writes with verification (§8.3): unprotect (FULL), erase 64 KiB blocks where aligned else 4 KiB sectors, skip
/// Write4K for all-0xFF sectors, CRC each block, redo bad sectors up to <see cref="BekenTimeouts.WriteSectorAttempts"/>
/// times. Cancellation is honoured between blocks only, so no sector is left erased-but-unwritten by Ctrl+C.
/// On failure the exception lists every sector still wrong.
/// </summary>
internal sealed class FlashWriteEngine(BekenClient client)
{
    private const int Sector = BekenClient.SectorSize;

    public async Task WriteAsync(long start, ReadOnlyMemory<byte> data, bool allowBootloader, IProgress<FlashProgress>? progress, CancellationToken ct)
    {
        var profile = client.Profile ?? throw new InvalidOperationException("identify the chip before writing");
        long size = client.FlashSize;
        if (start % Sector != 0) throw new UsageException($"write start 0x{start:x} is not 4 KiB aligned");
        if (data.Length == 0) throw new UsageException("nothing to write (empty file)");
        if (start + data.Length > size)
            throw new UsageException($"0x{data.Length:x} bytes at 0x{start:x} do not fit the 0x{size:x}-byte flash");
        if (start < profile.ProtectedEnd && !allowBootloader)
            throw new UsageException($"0x{start:x} is inside the bootloader area (below 0x{profile.ProtectedEnd:x})",
                "overwriting the bootloader bricks the chip unless the image is right; write from 0x11000, or pass --force-bootloader");

        var image = await PadToSectorsAsync(start, data, ct).ConfigureAwait(false);
        long end = start + image.Length;
        var meter = new ProgressMeter("write", image.Length, progress);
        var redo = new List<long>();
        long at = start;
        try
        {
            await client.UnprotectAsync(ct).ConfigureAwait(false);
            if (profile.IsBasic && !await client.PingAsync(client.CommandTimeout, ct).ConfigureAwait(false)) await client.RecoverAsync(ct).ConfigureAwait(false);
            while (at < end)
            {
                ct.ThrowIfCancellationRequested(); // only between blocks
                bool block = at % BekenClient.BlockSize == 0 && end - at >= BekenClient.BlockSize;
                long next = block ? at + BekenClient.BlockSize : at + Sector;
                var part = image.AsMemory((int)(at - start), (int)(next - at));
                List<long> bad;
                try
                {
                    if (block) await EraseAsync(FlashEraseCommand.Block64K, at, BekenTimeouts.Erase64K, ct).ConfigureAwait(false);
                    else await EraseAsync(FlashEraseCommand.Sector4K, at, BekenTimeouts.Erase4K, ct).ConfigureAwait(false);
                    for (long s = at; s < next; s += Sector)
                        await Write4KAsync(s, part.Slice((int)(s - at), Sector), ct).ConfigureAwait(false);
                    bad = await CheckAsync(at, next, part, ct).ConfigureAwait(false);
                }
                catch (BkException e) when (e is BekenTimeoutException or BekenProtocolException)
                {
                    await client.RecoverAsync(CancellationToken.None).ConfigureAwait(false);
                    bad = [];
                    for (long s = at; s < next; s += Sector) bad.Add(s);
                }
                foreach (var s in bad)
                {
                    if (!await RedoSectorAsync(s, part.Slice((int)(s - at), Sector), ct).ConfigureAwait(false)) redo.Add(s);
                }
                at = next;
                meter.Report(at - start, at);
            }
        }
        catch (OperationCanceledException)
        {
            throw new FlashOperationException($"write cancelled at 0x{at:x}: 0x{start:x}–0x{at:x} written and verified, " +
                $"0x{at:x}–0x{end:x} not written", at, redo.Append(at).ToList(),
                "the chip is still in download mode; run the same write again to finish");
        }
        catch (LinkLostException e)
        {
            throw new FlashOperationException($"link lost while writing 0x{at:x}", at, redo.Append(at).ToList(),
                $"sectors from 0x{at:x} to 0x{end:x} are not written; reconnect and write again from 0x{at:x}", e);
        }
        catch (BekenTimeoutException e)
        {
            throw new FlashOperationException($"writing 0x{at:x} failed: {e.Message}", at, redo.Append(at).ToList(),
                $"write again from 0x{at:x} (sectors from there to 0x{end:x} may be erased)", e);
        }
        if (redo.Count > 0)
        {
            throw new FlashOperationException(
                $"{redo.Count} sector(s) still differ after {BekenTimeouts.WriteSectorAttempts} attempts: {string.Join(", ", redo.Select(s => $"0x{s:x}"))}",
                redo[0], redo, "redo those sectors (flash write --start <sector>) or lower --baud; the flash may be protected or worn");
        }
    }

    /// <summary>A partial last sector is completed with what the flash already holds (read-modify-write).</summary>
    private async Task<byte[]> PadToSectorsAsync(long start, ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        int tail = data.Length % Sector;
        if (tail == 0) return data.ToArray();
        var image = new byte[data.Length - tail + Sector];
        data.CopyTo(image);
        long lastSector = start + data.Length - tail;
        var existing = await client.ReadAsync(lastSector, Sector, null, ct).ConfigureAwait(false);
        existing.AsSpan(tail).CopyTo(image.AsSpan(data.Length));
        return image;
    }

    private async Task EraseAsync(byte sizeOpcode, long address, TimeSpan timeout, CancellationToken ct)
    {
        var reply = await client.ExecuteAsync(new FlashEraseCommand(sizeOpcode, client.WireAddress(address)), timeout, CancellationToken.None).ConfigureAwait(false);
        if (reply.Status != 0)
            throw new BekenProtocolException($"erase at 0x{address:x} answered status {reply.Status}{FlashReadEngine.StatusName(reply.Status)}");
    }

    private async Task Write4KAsync(long address, ReadOnlyMemory<byte> sector, CancellationToken ct)
    {
        if (sector.Span.IndexOfAnyExcept((byte)0xFF) < 0) return; // erased already
        uint wire = client.WireAddress(address);
        var reply = await client.ExecuteAsync(new FlashWrite4KCommand(wire, sector),
            BekenTimeouts.ForTransfer(4108 + 15, client.Link.BaudRate, TimeSpan.FromMilliseconds(50)), CancellationToken.None).ConfigureAwait(false);
        if (reply.Status != 0)
            throw new BekenProtocolException($"Write4K at 0x{address:x} answered status {reply.Status}{FlashReadEngine.StatusName(reply.Status)}");
    }

    private async Task<List<long>> CheckAsync(long start, long end, ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        var verifier = new FlashVerifier(client);
        var window = await verifier.CrcsAsync([(start, end)], CancellationToken.None).ConfigureAwait(false);
        var bad = new List<long>();
        if (window[0] != BekenCrc32.Compute(data.Span))
        {
            var sectors = new List<(long, long)>();
            for (long s = start; s < end; s += Sector) sectors.Add((s, s + Sector));
            var crcs = await verifier.CrcsAsync(sectors, CancellationToken.None).ConfigureAwait(false);
            for (int i = 0; i < sectors.Count; i++)
                if (crcs[i] != BekenCrc32.Compute(data.Span.Slice(i * Sector, Sector))) bad.Add(sectors[i].Item1);
        }
        await client.RearmAfterCrcAsync(CancellationToken.None).ConfigureAwait(false);
        return bad;
    }

    private async Task<bool> RedoSectorAsync(long address, ReadOnlyMemory<byte> sector, CancellationToken ct)
    {
        for (int attempt = 0; attempt < BekenTimeouts.WriteSectorAttempts; attempt++)
        {
            try
            {
                await EraseAsync(FlashEraseCommand.Sector4K, address, BekenTimeouts.Erase4K, ct).ConfigureAwait(false);
                await Write4KAsync(address, sector, ct).ConfigureAwait(false);
                if ((await CheckAsync(address, address + Sector, sector, ct).ConfigureAwait(false)).Count == 0) return true;
            }
            catch (BkException e) when (e is BekenTimeoutException or BekenProtocolException)
            {
                await client.RecoverAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        return false;
    }
}
