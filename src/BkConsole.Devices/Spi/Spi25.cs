using BkConsole.Core.Errors;
using static BkConsole.Devices.Spi.Spi25Opcodes;

namespace BkConsole.Devices.Spi;

/// <summary>
/// 25-series SPI NOR commands over any <see cref="ISpiMaster"/>. It owns every opcode (through
/// <see cref="Spi25Opcodes"/>) and every busy-poll, each with a named deadline from <see cref="SpiTimeouts"/>.
/// Write-type commands are always followed by a status read in the same batch, so the chip select rising edge
/// that commits them comes at once.
/// </summary>
public sealed class Spi25
{
    private readonly ISpiMaster _spi;
    private int _statusTail = SpiTimeouts.ProgramStatusTail;

    public Spi25(ISpiMaster spi) => _spi = spi;

    public ISpiMaster Master => _spi;

    public JedecId ReadJedecId(CancellationToken ct)
    {
        var id = new byte[3];
        _spi.Transfer([new SpiFrame(new[] { Spi25Opcodes.ReadJedecId }, id)], ct);
        return new JedecId(id[0], id[1], id[2]);
    }

    /// <summary>SR2:SR1 as one 16-bit value (05 and 35 in one batch).</summary>
    public ushort ReadStatus(CancellationToken ct)
    {
        var sr1 = new byte[1];
        var sr2 = new byte[1];
        _spi.Transfer([new SpiFrame(new[] { ReadStatus1 }, sr1), new SpiFrame(new[] { ReadStatus2 }, sr2)], ct);
        return (ushort)(sr1[0] | sr2[0] << 8);
    }

    public byte ReadStatus1Only(CancellationToken ct)
    {
        var sr1 = new byte[1];
        _spi.Transfer([new SpiFrame(new[] { ReadStatus1 }, sr1)], ct);
        return sr1[0];
    }

    /// <summary>WREN + <c>01 sr1 [sr2]</c>, then wait until the self-timed write is over.</summary>
    public void WriteStatus(ushort value, bool twoBytes, CancellationToken ct)
    {
        byte[] cmd = twoBytes ? [Spi25Opcodes.WriteStatus, (byte)value, (byte)(value >> 8)] : [Spi25Opcodes.WriteStatus, (byte)value];
        RunWriteCommand(cmd, "write the status register", SpiTimeouts.WriteStatusDeadline, SpiTimeouts.WriteStatusPoll, ct);
    }

    /// <summary>WREN + <c>31 sr2</c> (only on parts that have it).</summary>
    public void WriteStatus2(byte sr2, CancellationToken ct) =>
        RunWriteCommand([Spi25Opcodes.WriteStatus2, sr2], "write status register 2", SpiTimeouts.WriteStatusDeadline, SpiTimeouts.WriteStatusPoll, ct);

    /// <summary>Erase the aligned block at <paramref name="address"/> with <paramref name="opcode"/> (20/52/D8).</summary>
    public void Erase(byte opcode, uint address, CancellationToken ct)
    {
        var (deadline, poll) = opcode == SectorErase4K
            ? (SpiTimeouts.SectorEraseDeadline, SpiTimeouts.SectorErasePoll)
            : (SpiTimeouts.BlockEraseDeadline, SpiTimeouts.BlockErasePoll);
        RunWriteCommand([opcode, (byte)(address >> 16), (byte)(address >> 8), (byte)address],
            $"erase at 0x{address:x6}", deadline, poll, ct);
    }

    public void ChipErase(CancellationToken ct) =>
        RunWriteCommand([Spi25Opcodes.ChipErase], "erase the whole chip", SpiTimeouts.ChipEraseDeadline, SpiTimeouts.ChipErasePoll, ct);

    /// <summary>
    /// Read <paramref name="destination"/>.Length bytes from <paramref name="address"/> with 0x03 frames of
    /// <see cref="SpiTimeouts.ReadChunk"/> bytes, <see cref="SpiTimeouts.ReadFramesPerBatch"/> frames per batch.
    /// <paramref name="progress"/> gets the number of bytes done after each batch.
    /// </summary>
    public void Read(uint address, Memory<byte> destination, Action<int>? progress, CancellationToken ct)
    {
        int done = 0;
        var frames = new SpiFrame[SpiTimeouts.ReadFramesPerBatch];
        while (done < destination.Length)
        {
            ct.ThrowIfCancellationRequested();
            int count = 0, batchStart = done;
            while (count < frames.Length && done < destination.Length)
            {
                int n = Math.Min(SpiTimeouts.ReadChunk, destination.Length - done);
                uint a = address + (uint)done;
                frames[count++] = new SpiFrame(new[] { Spi25Opcodes.Read, (byte)(a >> 16), (byte)(a >> 8), (byte)a },
                    destination.Slice(done, n));
                done += n;
            }
            _spi.Transfer(frames.AsSpan(0, count), ct);
            progress?.Invoke(done - batchStart);
        }
    }

    /// <summary>
    /// Program <paramref name="data"/> at <paramref name="address"/> (already erased), page by page, skipping
    /// pages that are all 0xFF. Each page goes out as WREN, PP, and a long 05 read whose last byte must show the
    /// chip idle; pages are batched, and when a page was still busy at the end of its status read the rest of the
    /// batch (ignored by a busy chip) is sent again after a proper poll. <paramref name="progress"/> gets bytes done.
    /// </summary>
    public void Program(uint address, ReadOnlyMemory<byte> data, int pageSize, Action<int>? progress, CancellationToken ct)
    {
        var pages = new List<(uint Address, ReadOnlyMemory<byte> Data)>();
        for (int off = 0; off < data.Length;)
        {
            uint a = address + (uint)off;
            int n = Math.Min(pageSize - (int)(a % (uint)pageSize), data.Length - off);
            var slice = data.Slice(off, n);
            if (slice.Span.IndexOfAnyExcept((byte)0xFF) >= 0) pages.Add((a, slice));
            else progress?.Invoke(n);
            off += n;
        }

        int next = 0;
        while (next < pages.Count)
        {
            ct.ThrowIfCancellationRequested();
            int count = Math.Min(SpiTimeouts.ProgramPagesPerBatch, pages.Count - next);
            var frames = new SpiFrame[count * 3];
            var tails = new byte[count][];
            for (int i = 0; i < count; i++)
            {
                var (a, d) = pages[next + i];
                var cmd = new byte[4 + d.Length];
                cmd[0] = PageProgram;
                cmd[1] = (byte)(a >> 16);
                cmd[2] = (byte)(a >> 8);
                cmd[3] = (byte)a;
                d.Span.CopyTo(cmd.AsSpan(4));
                tails[i] = new byte[_statusTail];
                frames[3 * i] = new SpiFrame(new[] { WriteEnable });
                frames[3 * i + 1] = new SpiFrame(cmd);
                frames[3 * i + 2] = new SpiFrame(new[] { ReadStatus1 }, tails[i]);
            }
            _spi.Transfer(frames, ct);

            int finished = count;
            for (int i = 0; i < count; i++)
            {
                if ((tails[i][^1] & StatusBusy) == 0) continue;
                // Still busy: later pages of this batch met a busy chip and were ignored. Wait, then resend them.
                finished = i + 1;
                _statusTail = Math.Min(SpiTimeouts.ProgramStatusTailMax, _statusTail * 3 / 2);
                WaitWhileBusy($"program the page at 0x{pages[next + i].Address:x6}",
                    SpiTimeouts.PageProgramDeadline, SpiTimeouts.PageProgramPoll, ct);
                break;
            }
            for (int i = 0; i < finished; i++) progress?.Invoke(pages[next + i].Data.Length);
            next += finished;
        }
    }

    /// <summary>Poll SR1 until WIP clears, sleeping <paramref name="poll"/> between reads, failing after <paramref name="deadline"/>.</summary>
    public void WaitWhileBusy(string what, TimeSpan deadline, TimeSpan poll, CancellationToken ct)
    {
        var until = _spi.Elapsed + deadline;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            byte sr = ReadStatus1Only(ct);
            if ((sr & StatusBusy) == 0) return;
            if (_spi.Elapsed >= until)
                throw new BkException($"The flash chip stayed busy for more than {deadline.TotalSeconds:0.#} s trying to {what} (status 0x{sr:x2})",
                    "Check the 3.3 V supply and the wiring; power-cycle the board and try again.");
            _spi.Pause(poll, ct);
        }
    }

    /// <summary>WREN + the command + an SR1 read in one batch; poll further only if the chip is still busy.</summary>
    private void RunWriteCommand(byte[] command, string what, TimeSpan deadline, TimeSpan poll, CancellationToken ct)
    {
        var sr = new byte[1];
        _spi.Transfer([new SpiFrame(new[] { WriteEnable }), new SpiFrame(command), new SpiFrame(new[] { ReadStatus1 }, sr)], ct);
        if ((sr[0] & StatusBusy) != 0) WaitWhileBusy(what, deadline, poll, ct);
    }
}
