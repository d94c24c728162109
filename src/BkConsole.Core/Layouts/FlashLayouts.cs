namespace BkConsole.Core.Layouts;

/// <summary>
/// The known flash layouts (beken-uart-protocol.md §10.1, the BK7252 doorbell teardown, OpenBeken's LittleFS
/// placement). Add a layout by adding a row; diagnosis and image analysis read only this table.
/// </summary>
public static class FlashLayouts
{
    private const long Mib = 1024 * 1024;

    /// <summary>Physical offset of an RBL header (102 packed bytes) that ends a partition ending at <paramref name="end"/>.</summary>
    private static long RblBefore(long end) => end - 102;

    public static readonly FlashLayout TuyaBk7252Doorbell = new(
        "tuya-bk7252-doorbell", "Tuya BK7252 doorbell (ping-pong)", "bk7252", 4 * Mib,
        [
            new("bootloader", 0x000000, 0x11000),
            new("app1", 0x011000, 0x1BA000 - 0x11000, "first app slot"),
            new("app2", 0x1BA000, null, "second app slot of the Tuya dual-partition scheme"),
        ],
        "published teardown of the BK7252 video doorbell (app1 at 0x11000, app2 at 0x1BA000)")
    {
        AppRblOffset = RblBefore(0x1BA000),
    };

    public static readonly FlashLayout LibreTinyBk7252 = new(
        "libretiny-bk7252", "LibreTiny BK7252 (4 MiB)", "bk7252", 4 * Mib,
        [
            new("bootloader", 0x000000, 0x11000),
            new("app", 0x011000, 0x1BA000),
            new("filesystem", 0x1CB000, 0x119000),
            new("kvs", 0x2E4000, 0x8000),
            new("download", 0x2EC000, 0x112000, "RBL OTA package area"),
            new("calibration", 0x3FE000, 0x1000),
            new("tlv", 0x3FF000, 0x1000),
        ],
        "LibreTiny boards/_base/beken-7252.json")
    {
        AppRblOffset = RblBefore(0x011000 + 0x1BA000),
    };

    public static readonly FlashLayout TuyaBk7231T = new(
        "tuya-bk7231t", "Tuya BK7231T", "bk7231t", 2 * Mib,
        [
            new("bootloader", 0x000000, 0x11000),
            new("app", 0x011000, 0x121000),
            new("download", 0x132000, 0xA6000),
            new("kvs", 0x1D8000, 0x8000),
            new("calibration", 0x1E0000, 0x1000),
            new("tlv", 0x1E1000, 0x1000),
            new("net", 0x1E2000, 0x1000),
            new("userdata", 0x1E3000, 0x1D000),
        ],
        "LibreTiny boards/_base/beken-7231t-tuya.json")
    {
        AppRblOffset = RblBefore(0x011000 + 0x121000),
    };

    public static readonly FlashLayout TuyaBk7231N = new(
        "tuya-bk7231n", "Tuya BK7231N", "bk7231n", 2 * Mib,
        [
            new("bootloader", 0x000000, 0x11000),
            new("app", 0x011000, 0x119000),
            new("download", 0x12A000, 0xA6000),
            new("tlv", 0x1D0000, 0x1000),
            new("net", 0x1D1000, 0x2000),
            new("kvs", 0x1D3000, 0x8000),
            new("userdata", 0x1DB000, 0x25000),
        ],
        "LibreTiny boards/_base/beken-7231n-tuya.json")
    {
        AppRblOffset = RblBefore(0x011000 + 0x119000),
    };

    public static readonly FlashLayout OpenBekenBk7231T = TuyaBk7231T with
    {
        Id = "openbeken-bk7231t",
        Name = "OpenBeken on BK7231T",
        Source = "OpenBeken src/littlefs/our_lfs.h (LittleFS 0x1000 after the OTA area start)",
        Partitions = [.. TuyaBk7231T.Partitions, new FlashPartition("littlefs", 0x133000, null, "OpenBeken LittleFS inside the OTA area")],
        LittleFsOffset = 0x133000,
    };

    public static readonly FlashLayout OpenBekenBk7231N = TuyaBk7231N with
    {
        Id = "openbeken-bk7231n",
        Name = "OpenBeken on BK7231N",
        Source = "OpenBeken src/littlefs/our_lfs.h (LittleFS 0x1000 after the OTA area start)",
        Partitions = [.. TuyaBk7231N.Partitions, new FlashPartition("littlefs", 0x12B000, null, "OpenBeken LittleFS inside the OTA area")],
        LittleFsOffset = 0x12B000,
    };

    public static IReadOnlyList<FlashLayout> All { get; } =
        [TuyaBk7252Doorbell, LibreTinyBk7252, TuyaBk7231T, TuyaBk7231N, OpenBekenBk7231T, OpenBekenBk7231N];

    public static IEnumerable<FlashLayout> ForChip(string chip) =>
        All.Where(l => string.Equals(l.Chip, chip, StringComparison.OrdinalIgnoreCase));

    public static FlashLayout? Find(string id) =>
        All.FirstOrDefault(l => string.Equals(l.Id, id, StringComparison.OrdinalIgnoreCase));
}
