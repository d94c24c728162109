namespace BkConsole.Devices.Spi.Chips.Vendors;

/// <summary>Puya parts.</summary>
internal static class Puya
{
    public static IEnumerable<FlashChip> Chips =>
    [
        new("Puya", "P25Q80", new(0x85, 0x60, 0x14), 1 << 20, 256, FlashChip.StandardErase, StatusRegisterLayout.Gd16WithSr2Write, false, "Beken flash table"),
        new("Puya", "P25Q16HB", new(0x85, 0x42, 0x15), 2 << 20, 256, FlashChip.StandardErase, StatusRegisterLayout.Gd16WithSr2Write, false, "Beken flash table"),
        new("Puya", "P25Q32H", new(0x85, 0x60, 0x16), 4 << 20, 256, FlashChip.StandardErase, StatusRegisterLayout.Gd16WithSr2Write, false, "Beken flash table"),
    ];
}
