using BkConsole.Core.Checksums;

namespace BkConsole.Devices.Images;

/// <summary>A bootloader recognised by the zlib CRC-32 of its first 256 (BootROM chips: 257) bytes.</summary>
public sealed record KnownBootloader(uint Crc, string File, string Chip, string Protocol, string? Note);

/// <summary>The identification table of beken-uart-protocol.md §5 (after bk7231tools' BkBootloaderType).</summary>
public static class KnownBootloaders
{
    public static IReadOnlyList<KnownBootloader> All { get; } =
    [
        new(0xE14191BA, "bl_bk7231n_1.0.1_34B7.bin", "bk7231n", "FULL", "Tuya key"),
        new(0xF42F8C32, "bl_t1_2.0.0_DA47.bin", "bk7238", "FULL", "Tuya T1"),
        new(0x6BEB0924, "bootloader_bk7238_uart1_v1.0.14.bin", "bk7238", "FULL", null),
        new(0xF0231EF6, "bl_bk7231q_6AFA.bin", "bk7231q", "BASIC_BEKEN", null),
        new(0xFF5A3EAC, "bl_bk7231q_tysdk_03ED.bin", "bk7231q", "BASIC_BEKEN", null),
        new(0xC1ECA871, "bl_bk7231s_1.0.1_79A6.bin", "bk7231t", "BASIC_TUYA", "2 MiB"),
        new(0x4B31E44D, "bl_bk7231s_1.0.3_DAAE.bin", "bk7231t", "BASIC_TUYA", "2 MiB"),
        new(0xBA54C1B8, "bl_bk7231s_1.0.5_4FF7.bin", "bk7231t", "BASIC_TUYA", "2 MiB"),
        new(0xE5CBC953, "bl_bk7231s_1.0.6_625D.bin", "bk7231t", "BASIC_TUYA", "2 MiB"),
        new(0x2739019F, "bl_bk7231u_1.0.6_9B7F.bin", "bk7231u", "BASIC_BEKEN", "2 MiB"),
        new(0x39F9B50C, "bl_bk7252_0.1.3_F4D3.bin", "bk7252", "BASIC_BEKEN", null),
        new(0xE3A27C26, "bootloader_7252_2M_uart1_log_20190828.bin", "bk7252", "BASIC_BEKEN", "2 MiB"),
    ];

    /// <summary>The bootloader at the start of <paramref name="image"/>, and the CRCs looked up (256 and 257 bytes).</summary>
    public static (KnownBootloader? Match, uint Crc256, uint Crc257) Identify(ReadOnlySpan<byte> image)
    {
        if (image.Length < 257) return (null, 0, 0);
        uint c256 = BekenCrc32.Zlib(image[..256]);
        uint c257 = BekenCrc32.Zlib(image[..257]);
        var match = All.FirstOrDefault(b => b.Crc == c256 && b.Protocol != "FULL")
                    ?? All.FirstOrDefault(b => b.Crc == c257 && b.Protocol == "FULL")
                    ?? All.FirstOrDefault(b => b.Crc == c256 || b.Crc == c257);
        return (match, c256, c257);
    }
}
