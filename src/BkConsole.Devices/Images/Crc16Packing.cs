using System.Buffers.Binary;
using BkConsole.Core.Checksums;

namespace BkConsole.Devices.Images;

/// <summary>
/// The Beken "CRC-packed" flash form (beken-uart-protocol.md §10.2): every 32 data bytes are followed by their
/// CRC-16/CMS, big-endian, making 34-byte blocks. A block of 34 × 0xFF is erased flash, not an error.
/// </summary>
public static class Crc16Packing
{
    public const int DataBytes = 32;
    public const int BlockBytes = 34;

    /// <summary>Physical (packed) offset of a logical address.</summary>
    public static long ToPhysical(long logical) => logical + logical / DataBytes * 2;

    /// <summary>Logical address of a physical (packed) offset.</summary>
    public static long ToLogical(long physical) => physical - physical / BlockBytes * 2;

    /// <summary>Adds a CRC after every 32 bytes; the last partial block is padded with 0xFF.</summary>
    public static byte[] Pack(ReadOnlySpan<byte> plain)
    {
        int blocks = (plain.Length + DataBytes - 1) / DataBytes;
        var result = new byte[blocks * BlockBytes];
        Span<byte> chunk = stackalloc byte[DataBytes];
        for (int i = 0; i < blocks; i++)
        {
            chunk.Fill(0xFF);
            var src = plain.Slice(i * DataBytes, Math.Min(DataBytes, plain.Length - i * DataBytes));
            src.CopyTo(chunk);
            var dst = result.AsSpan(i * BlockBytes, BlockBytes);
            chunk.CopyTo(dst);
            BinaryPrimitives.WriteUInt16BigEndian(dst[DataBytes..], Crc16Cms.Compute(chunk));
        }
        return result;
    }

    /// <summary>Removes the CRCs, checking each block. A trailing part shorter than a block is kept as it is and reported.</summary>
    public static Crc16UnpackResult Unpack(ReadOnlySpan<byte> packed, int maxBadOffsets = 1000)
    {
        int blocks = packed.Length / BlockBytes;
        int tail = packed.Length % BlockBytes;
        var plain = new byte[blocks * DataBytes + tail];
        var bad = new List<long>();
        int good = 0, empty = 0, badCount = 0;
        for (int i = 0; i < blocks; i++)
        {
            var block = packed.Slice(i * BlockBytes, BlockBytes);
            block[..DataBytes].CopyTo(plain.AsSpan(i * DataBytes));
            switch (Check(block))
            {
                case BlockState.Good: good++; break;
                case BlockState.Empty: empty++; break;
                default:
                    badCount++;
                    if (bad.Count < maxBadOffsets) bad.Add((long)i * BlockBytes);
                    break;
            }
        }
        if (tail > 0) packed[(blocks * BlockBytes)..].CopyTo(plain.AsSpan(blocks * DataBytes));
        return new Crc16UnpackResult(plain, good, empty, badCount, bad, tail);
    }

    /// <summary>The state of every whole 34-byte block, in order.</summary>
    public static BlockState[] States(ReadOnlySpan<byte> packed)
    {
        var states = new BlockState[packed.Length / BlockBytes];
        for (int i = 0; i < states.Length; i++) states[i] = Check(packed.Slice(i * BlockBytes, BlockBytes));
        return states;
    }

    /// <summary>The data bytes of every block without checking (a trailing partial block is kept as is).</summary>
    public static byte[] Strip(ReadOnlySpan<byte> packed)
    {
        int blocks = packed.Length / BlockBytes, tail = packed.Length % BlockBytes;
        var plain = new byte[blocks * DataBytes + tail];
        for (int i = 0; i < blocks; i++) packed.Slice(i * BlockBytes, DataBytes).CopyTo(plain.AsSpan(i * DataBytes));
        if (tail > 0) packed[(blocks * BlockBytes)..].CopyTo(plain.AsSpan(blocks * DataBytes));
        return plain;
    }

    public static BlockState Check(ReadOnlySpan<byte> block)
    {
        if (block.IndexOfAnyExcept((byte)0xFF) < 0) return BlockState.Empty;
        ushort stored = BinaryPrimitives.ReadUInt16BigEndian(block[DataBytes..BlockBytes]);
        return Crc16Cms.Compute(block[..DataBytes]) == stored ? BlockState.Good : BlockState.Bad;
    }
}

/// <summary>State of one 34-byte packed block.</summary>
public enum BlockState : byte
{
    Good,
    Empty,
    Bad,
}
