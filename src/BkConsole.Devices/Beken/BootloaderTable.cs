using BkConsole.Core.Chips;

namespace BkConsole.Devices.Beken;

/// <summary>
/// Known bootloaders (beken-uart-protocol.md §5, bk7231tools' table). Keyed by the zlib CRC of CheckCRC(0, 0x100):
/// BASIC boot code covers 256 bytes (end exclusive), BootROMs 257 (end inclusive) — the table already accounts for it.
/// </summary>
public static class BootloaderTable
{
    private const int Mi2 = 2 * 1024 * 1024;

    public static IReadOnlyList<BootloaderInfo> All { get; } =
    [
        new(0xE14191BA, "bl_bk7231n_1.0.1_34B7.bin", "bk7231n", ProtocolFamily.Full, null),
        new(0xF42F8C32, "bl_t1_2.0.0_DA47.bin", "bk7238", ProtocolFamily.Full, null),
        new(0x6BEB0924, "bootloader_bk7238_uart1_v1.0.14.bin", "bk7238", ProtocolFamily.Full, null),
        new(0xF0231EF6, "bl_bk7231q_6AFA.bin", "bk7231u", ProtocolFamily.BasicBeken, null),
        new(0xFF5A3EAC, "bl_bk7231q_tysdk_03ED.bin", "bk7231u", ProtocolFamily.BasicBeken, null),
        new(0xC1ECA871, "bl_bk7231s_1.0.1_79A6.bin", "bk7231t", ProtocolFamily.BasicTuya, Mi2),
        new(0x4B31E44D, "bl_bk7231s_1.0.3_DAAE.bin", "bk7231t", ProtocolFamily.BasicTuya, Mi2),
        new(0xBA54C1B8, "bl_bk7231s_1.0.5_4FF7.bin", "bk7231t", ProtocolFamily.BasicTuya, Mi2),
        new(0xE5CBC953, "bl_bk7231s_1.0.6_625D.bin", "bk7231t", ProtocolFamily.BasicTuya, Mi2),
        new(0x2739019F, "bl_bk7231u_1.0.6_9B7F.bin", "bk7231u", ProtocolFamily.BasicBeken, Mi2),
        new(0x39F9B50C, "bl_bk7252_0.1.3_F4D3.bin", "bk7252", ProtocolFamily.BasicBeken, null),
        new(0xE3A27C26, "bootloader_7252_2M_uart1_log_20190828.bin", "bk7252", ProtocolFamily.BasicBeken, Mi2),
    ];

    /// <summary>Look up the chip's raw CheckCRC value (no final XOR) of the first 256 bytes.</summary>
    public static BootloaderInfo? FindByChipCrc(uint chipCrc) => All.FirstOrDefault(b => b.ZlibCrc == ~chipCrc);
}
