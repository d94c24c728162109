using BkConsole.Core.Checksums;

namespace BkConsole.Devices.Beken;

/// <summary>CRC helpers matching the boot code's CheckCRC.</summary>
internal static class Checksums
{
    /// <summary>Chip CRC of <paramref name="length"/> erased (0xFF) bytes.</summary>
    public static uint ErasedCrc(long length)
    {
        uint crc = BekenCrc32.Initial;
        Span<byte> ff = stackalloc byte[4096];
        ff.Fill(0xFF);
        for (long left = length; left > 0; left -= ff.Length) crc = BekenCrc32.Update(crc, ff[..(int)Math.Min(ff.Length, left)]);
        return crc;
    }
}
