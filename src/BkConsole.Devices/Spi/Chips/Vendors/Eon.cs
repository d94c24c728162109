namespace BkConsole.Devices.Spi.Chips.Vendors;

/// <summary>Eon parts (BK7231T modules).</summary>
internal static class Eon
{
    public static IEnumerable<FlashChip> Chips =>
    [
        new("Eon", "EN25QH16B", new(0x1C, 0x70, 0x15), 2 << 20, 256, FlashChip.SectorAnd64K, StatusRegisterLayout.Bp4OneByte, false, "BK7231T (WB2S/WB3S)"),
    ];
}
