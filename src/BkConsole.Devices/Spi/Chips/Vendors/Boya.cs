namespace BkConsole.Devices.Spi.Chips.Vendors;

/// <summary>Boya parts.</summary>
internal static class Boya
{
    public static IEnumerable<FlashChip> Chips =>
    [
        new("Boya", "BY25Q32BS", new(0x68, 0x40, 0x16), 4 << 20, 256, FlashChip.StandardErase, StatusRegisterLayout.Gd16WithSr2Write, false, "Beken flash table"),
        new("Boya", "BY25Q128ES", new(0x68, 0x40, 0x18), 16 << 20, 256, FlashChip.StandardErase, StatusRegisterLayout.Gd16WithSr2Write, false, "Beken flash table"),
    ];
}
