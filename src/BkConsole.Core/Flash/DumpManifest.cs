using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using BkConsole.Core.Checksums;

namespace BkConsole.Core.Flash;

/// <summary>
/// What is written beside every dump as <c>FILE.json</c> (UART and SPI alike) and recorded in the store.
/// Addresses and sizes are plain numbers here; <see cref="Crc32"/> is the zlib CRC-32 as 8 lower-case hex digits.
/// </summary>
public sealed record DumpManifest
{
    public required string Chip { get; init; }

    /// <summary>"uart" (Beken bootloader) or "spi" (CH341A, SPI mode).</summary>
    public required string Method { get; init; }

    public string? Bootloader { get; init; }

    /// <summary>JEDEC id as 6 hex digits (e.g. "0b4016"), null when the method cannot read it.</summary>
    public string? FlashId { get; init; }

    public required long FlashSize { get; init; }

    public long Start { get; init; }

    public required long Length { get; init; }

    public int? Baud { get; init; }

    public string? Port { get; init; }

    /// <summary>Device key (MAC, chip id, or port by-id name) the dump belongs to.</summary>
    public string? Device { get; init; }

    public required string Crc32 { get; init; }

    public required string Sha256 { get; init; }

    public required DateTimeOffset Time { get; init; }

    public double Seconds { get; init; }

    /// <summary>True when every window was checked against the device's own checksum (or a second read).</summary>
    public bool Verified { get; init; }

    public string? File { get; init; }

    public string Tool { get; init; } = "bkconsole";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static (string Crc32, string Sha256) Digest(ReadOnlySpan<byte> data) =>
        (BekenCrc32.Zlib(data).ToString("x8"), Convert.ToHexStringLower(SHA256.HashData(data)));

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static DumpManifest FromJson(string json) =>
        JsonSerializer.Deserialize<DumpManifest>(json, Json) ?? throw new JsonException("empty manifest");

    /// <summary>Write <paramref name="binPath"/>.json beside the image.</summary>
    public void WriteBeside(string binPath) => System.IO.File.WriteAllText(binPath + ".json", ToJson() + "\n");
}
