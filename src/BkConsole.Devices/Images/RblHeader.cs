using System.Buffers.Binary;
using System.Text;
using BkConsole.Core.Checksums;

namespace BkConsole.Devices.Images;

/// <summary>
/// The 96-byte "RBL\0" package header (beken-uart-protocol.md §10.4, all fields little-endian). It ends app and
/// bootloader partitions (CRC-packed) and starts OTA .rbl files.
/// </summary>
public sealed record RblHeader(
    uint Algorithm,
    uint Timestamp,
    string Name,
    string Version,
    string SerialNumber,
    uint Crc32,
    uint Hash,
    uint SizeRaw,
    uint SizePackage,
    uint InfoCrc32)
{
    public const int Size = 96;
    public static ReadOnlySpan<byte> Magic => "RBL\0"u8;

    public string Encryption => (Algorithm & 0xFF) switch { 0 => "none", 1 => "xor", 2 => "aes256", var x => $"0x{x:x2}" };

    public string Compression => ((Algorithm >> 8) & 0xFF) switch { 0 => "none", 1 => "gzip", 2 => "quicklz", 3 => "fastlz", var x => $"0x{x:x2}" };

    public DateTimeOffset Time => DateTimeOffset.FromUnixTimeSeconds(Timestamp);

    /// <summary>Whether <see cref="InfoCrc32"/> matches bytes 0–91 (checked when parsing).</summary>
    public bool InfoCrcValid { get; init; }

    public static RblHeader? TryParse(ReadOnlySpan<byte> data)
    {
        if (data.Length < Size || !data[..4].SequenceEqual(Magic)) return null;
        var h = new RblHeader(
            U32(data, 4), U32(data, 8), Text(data.Slice(12, 16)), Text(data.Slice(28, 24)), Text(data.Slice(52, 24)),
            U32(data, 76), U32(data, 80), U32(data, 84), U32(data, 88), U32(data, 92));
        return h with { InfoCrcValid = BekenCrc32.Zlib(data[..92]) == h.InfoCrc32 };
    }

    /// <summary>The 96 bytes of this header, with <see cref="InfoCrc32"/> computed.</summary>
    public byte[] ToBytes()
    {
        var b = new byte[Size];
        Magic.CopyTo(b);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), Algorithm);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(8), Timestamp);
        Put(b.AsSpan(12, 16), Name);
        Put(b.AsSpan(28, 24), Version);
        Put(b.AsSpan(52, 24), SerialNumber);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(76), Crc32);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(80), Hash);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(84), SizeRaw);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(88), SizePackage);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(92), BekenCrc32.Zlib(b.AsSpan(0, 92)));
        return b;
    }

    /// <summary>A header describing <paramref name="package"/> (no compression/encryption: raw = package).</summary>
    public static RblHeader For(ReadOnlySpan<byte> package, string name, string version, uint timestamp = 0) =>
        new(0, timestamp, name, version, "", BekenCrc32.Zlib(package), Fnv1a(package), (uint)package.Length, (uint)package.Length, 0);

    /// <summary>FNV-1a 32-bit (basis 0x811C9DC5, prime 0x01000193), the header's hash of the raw bytes.</summary>
    public static uint Fnv1a(ReadOnlySpan<byte> data)
    {
        uint h = 0x811C9DC5;
        foreach (var x in data) h = (h ^ x) * 0x01000193;
        return h;
    }

    private static uint U32(ReadOnlySpan<byte> d, int o) => BinaryPrimitives.ReadUInt32LittleEndian(d[o..]);

    private static string Text(ReadOnlySpan<byte> d)
    {
        int n = d.IndexOf((byte)0);
        var s = d[..(n < 0 ? d.Length : n)];
        var sb = new StringBuilder(s.Length);
        foreach (var c in s) sb.Append(c is >= 0x20 and < 0x7F ? (char)c : '?');
        return sb.ToString();
    }

    private static void Put(Span<byte> dst, string s)
    {
        var bytes = Encoding.ASCII.GetBytes(s);
        bytes.AsSpan(0, Math.Min(bytes.Length, dst.Length)).CopyTo(dst);
    }
}
