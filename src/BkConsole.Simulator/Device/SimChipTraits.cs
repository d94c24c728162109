using BkConsole.Core.Chips;

namespace BkConsole.Simulator.Device;

/// <summary>
/// What the simulator needs beyond the shared <see cref="ChipProfile"/>: the SPI flash part soldered next to the
/// chip, its power-on status register, the eFuse contents, and the boot-log family. One row per chip.
/// </summary>
/// <remarks>
/// <see cref="BootloaderZlibCrc"/> is the zlib CRC-32 of the first <see cref="BootloaderCrcLength"/> bytes of the
/// genuine bootloader (bk7231tools' table, beken-uart-protocol.md §5): generated images are forged to it so that
/// tools identify the chip from CheckCRC(0, 256) exactly as on hardware.
/// </remarks>
public sealed record SimChipTraits(
    string Chip,
    byte[] Jedec,
    byte Sr1AtPowerOn,
    byte Sr2AtPowerOn,
    byte[] Efuse,
    BootLogStyle BootStyle,
    uint BootloaderZlibCrc,
    int BootloaderCrcLength)
{
    private static readonly byte[] TuyaKey =
    [
        0x93, 0xB0, 0x0F, 0x51, 0xDC, 0xEA, 0xCB, 0xA3, 0x7E, 0xA1, 0x93, 0x59, 0x03, 0xEB, 0xAD, 0xC7,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];

    private static readonly IReadOnlyDictionary<string, SimChipTraits> Rows = new Dictionary<string, SimChipTraits>
    {
        // BK7252 doorbells: 4 MiB part; BASIC loader never exposes the SR, so its values only matter internally.
        ["bk7252"] = new("bk7252", [0xC8, 0x40, 0x16], 0x00, 0x00, new byte[32], BootLogStyle.Bk7252RtThread, 0x39F9B50C, 256),
        ["bk7231t"] = new("bk7231t", [0xC8, 0x40, 0x15], 0x00, 0x00, new byte[32], BootLogStyle.Bk7231TTuya, 0xBA54C1B8, 256),
        ["bk7231u"] = new("bk7231u", [0xC8, 0x40, 0x15], 0x00, 0x00, new byte[32], BootLogStyle.Bk7231TTuya, 0x2739019F, 256),
        // TH25Q16HB as on CB2S/WB2S N modules; Tuya firmware leaves BP bits and CMP set.
        ["bk7231n"] = new("bk7231n", [0xEB, 0x60, 0x15], 0x1C, 0x40, TuyaKey, BootLogStyle.Bk7231NTuya, 0xE14191BA, 257),
        ["bk7238"] = new("bk7238", [0xEB, 0x60, 0x15], 0x1C, 0x00, TuyaKey, BootLogStyle.Bk7238RtThreadLoader, 0x6BEB0924, 257),
    };

    public static SimChipTraits For(ChipProfile chip) =>
        Rows.TryGetValue(chip.Name, out var t) ? t : throw new ArgumentException($"no simulator traits for {chip.Name}");
}

/// <summary>Which bootloader/app log family a simulated chip prints (log-formats.md §1).</summary>
public enum BootLogStyle
{
    Bk7252RtThread,
    Bk7231TTuya,
    Bk7231NTuya,
    Bk7238RtThreadLoader,
}
