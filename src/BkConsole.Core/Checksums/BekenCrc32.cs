namespace BkConsole.Core.Checksums;

/// <summary>
/// The CRC the Beken boot code returns for CheckCRC (0x10): reflected CRC-32 (poly 0xEDB88320), init 0xFFFFFFFF,
/// no final XOR — i.e. the bitwise NOT of zlib's crc32 (beken-uart-protocol.md §5).
/// </summary>
public static class BekenCrc32
{
    public const uint Initial = 0xFFFFFFFF;

    private static readonly uint[] Table = BuildTable();

    /// <summary>The 256-entry lookup table (for code that runs the CRC backwards, e.g. forging a known value).</summary>
    public static ReadOnlySpan<uint> LookupTable => Table;

    private static uint[] BuildTable()
    {
        var t = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
        return t;
    }

    /// <summary>Continue a running CRC over <paramref name="data"/>.</summary>
    public static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (var b in data) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    /// <summary>The chip's value for these bytes.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Update(Initial, data);

    /// <summary>Standard (zlib) CRC-32 of the same bytes, for manifests.</summary>
    public static uint Zlib(ReadOnlySpan<byte> data) => ~Compute(data);
}
