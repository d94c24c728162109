using BkConsole.Core.Chips;

namespace BkConsole.Simulator.Device;

/// <summary>
/// What the simulator needs beyond the shared <see cref="ChipProfile"/>: the SPI flash part soldered next to the
/// chip, its power-on status register, the eFuse contents, and the boot-log family. One row per chip.
/// </summary>
public sealed record SimChipTraits(
    string Chip,
    byte[] Jedec,
    byte Sr1AtPowerOn,
    byte Sr2AtPowerOn,
    byte[] Efuse,
    BootLogStyle BootStyle)
{
    private static readonly byte[] TuyaKey =
    [
        0x93, 0xB0, 0x0F, 0x51, 0xDC, 0xEA, 0xCB, 0xA3, 0x7E, 0xA1, 0x93, 0x59, 0x03, 0xEB, 0xAD, 0xC7,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];

    private static readonly IReadOnlyDictionary<string, SimChipTraits> Rows = new Dictionary<string, SimChipTraits>
    {
        // BK7252 doorbells: 4 MiB part; BASIC loader never exposes the SR, so its values only matter internally.
        ["bk7252"] = new("bk7252", [0xC8, 0x40, 0x16], 0x00, 0x00, new byte[32], BootLogStyle.Bk7252RtThread),
        ["bk7231t"] = new("bk7231t", [0xC8, 0x40, 0x15], 0x00, 0x00, new byte[32], BootLogStyle.Bk7231TTuya),
        ["bk7231u"] = new("bk7231u", [0xC8, 0x40, 0x15], 0x00, 0x00, new byte[32], BootLogStyle.Bk7231TTuya),
        // TH25Q16HB as on CB2S/WB2S N modules; Tuya firmware leaves BP bits and CMP set.
        ["bk7231n"] = new("bk7231n", [0xEB, 0x60, 0x15], 0x1C, 0x40, TuyaKey, BootLogStyle.Bk7231NTuya),
        ["bk7238"] = new("bk7238", [0xEB, 0x60, 0x15], 0x1C, 0x00, TuyaKey, BootLogStyle.Bk7238RtThreadLoader),
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
