namespace BkConsole.Devices.Spi.Chips.Vendors;

/// <summary>Zbit Semiconductor parts.</summary>
internal static class Zbit
{
    public static IEnumerable<FlashChip> Chips =>
    [
        new("Zbit", "ZB25D16", new(0x5E, 0x40, 0x15), 2 << 20, 256, FlashChip.StandardErase, StatusRegisterLayout.Gd16, false, "Beken flash table"),
    ];
}
