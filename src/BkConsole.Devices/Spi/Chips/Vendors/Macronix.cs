namespace BkConsole.Devices.Spi.Chips.Vendors;

/// <summary>Macronix parts.</summary>
internal static class Macronix
{
    public static IEnumerable<FlashChip> Chips =>
    [
        new("Macronix", "MX25V1635F", new(0xC2, 0x23, 0x15), 2 << 20, 256, FlashChip.StandardErase, StatusRegisterLayout.Bp4OneByte, false, "Beken flash table"),
    ];
}
