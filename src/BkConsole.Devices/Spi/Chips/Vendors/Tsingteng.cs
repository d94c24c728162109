namespace BkConsole.Devices.Spi.Chips.Vendors;

/// <summary>TH25Q parts (BK7231N modules; UART logs show "sr 4004" on them).</summary>
internal static class Tsingteng
{
    public static IEnumerable<FlashChip> Chips =>
    [
        new("TH", "TH25Q16HB", new(0xEB, 0x60, 0x15), 2 << 20, 256, FlashChip.StandardErase, StatusRegisterLayout.Gd16WithSr2Write, false, "BK7231N (CB2S/CB3S)"),
    ];
}
