namespace BkConsole.Devices.Spi.Chips.Vendors;

/// <summary>GigaDevice parts.</summary>
internal static class GigaDevice
{
    public static IEnumerable<FlashChip> Chips =>
    [
        new("GigaDevice", "GD25Q16", new(0xC8, 0x40, 0x15), 2 << 20, 256, FlashChip.StandardErase, StatusRegisterLayout.Gd16WithSr2Write, false, "Beken flash table"),
        new("GigaDevice", "GD25Q32", new(0xC8, 0x40, 0x16), 4 << 20, 256, FlashChip.StandardErase, StatusRegisterLayout.Gd16WithSr2Write, false, "Beken flash table"),
    ];
}
