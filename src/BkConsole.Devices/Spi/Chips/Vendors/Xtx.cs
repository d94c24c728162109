namespace BkConsole.Devices.Spi.Chips.Vendors;

/// <summary>XTX Technology parts (the BK7252 doorbell's XT25F32B). IDs: ch341a-spi.md §4.6.</summary>
internal static class Xtx
{
    public static IEnumerable<FlashChip> Chips =>
    [
        new("XTX", "XT25F32B", new(0x0B, 0x40, 0x16), 4 << 20, 256, FlashChip.StandardErase, StatusRegisterLayout.Gd16, false, "BK7252 doorbell (QFN68)"),
        new("XTX", "XT25F16B", new(0x0B, 0x40, 0x15), 2 << 20, 256, FlashChip.StandardErase, StatusRegisterLayout.Gd16, false, "BK7231T, BK7252 QFN48 cameras"),
        new("XTX", "XT25F64B", new(0x0B, 0x40, 0x17), 8 << 20, 256, FlashChip.StandardErase, StatusRegisterLayout.Gd16, false, "Beken flash table"),
        new("XTX", "XT25F08B", new(0x5E, 0x40, 0x14), 1 << 20, 256, FlashChip.StandardErase, StatusRegisterLayout.Gd16, false, "Beken flash table"),
    ];
}
