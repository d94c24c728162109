namespace BkConsole.Core.Checksums;

/// <summary>
/// CRC-16/CMS (poly 0x8005, init 0xFFFF, no reflection, no final XOR) as used by the Beken "CRC-packed" flash layout:
/// every 32 data bytes are followed by this CRC, big-endian (beken-uart-protocol.md §10.2).
/// </summary>
public static class Crc16Cms
{
    private static readonly ushort[] Table = BuildTable();

    private static ushort[] BuildTable()
    {
        var t = new ushort[256];
        for (int i = 0; i < 256; i++)
        {
            ushort c = (ushort)(i << 8);
            for (int k = 0; k < 8; k++) c = (c & 0x8000) != 0 ? (ushort)((c << 1) ^ 0x8005) : (ushort)(c << 1);
            t[i] = c;
        }
        return t;
    }

    public static ushort Compute(ReadOnlySpan<byte> data)
    {
        ushort crc = 0xFFFF;
        foreach (var b in data) crc = (ushort)((crc << 8) ^ Table[((crc >> 8) ^ b) & 0xFF]);
        return crc;
    }
}
