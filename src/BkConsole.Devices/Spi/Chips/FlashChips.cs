using BkConsole.Devices.Spi.Chips.Vendors;

namespace BkConsole.Devices.Spi.Chips;

/// <summary>The one chip table, assembled from the per-vendor files. CLI, TUI and detection all read it.</summary>
public static class FlashChips
{
    public static IReadOnlyList<FlashChip> All { get; } =
        Xtx.Chips.Concat(Eon.Chips).Concat(GigaDevice.Chips).Concat(Tsingteng.Chips)
            .Concat(Puya.Chips).Concat(Boya.Chips).Concat(Zbit.Chips).Concat(Macronix.Chips).ToList();

    /// <summary>The row for <paramref name="id"/>, or null when the part is not in the table.</summary>
    public static FlashChip? Find(JedecId id) => All.FirstOrDefault(c => c.Id == id);

    /// <summary>What to tell the user about an id that is not in the table.</summary>
    public static string DescribeUnknown(JedecId id)
    {
        var size = id.SizeFromCapacity;
        return $"Unknown flash chip: JEDEC id {id} is not in bkconsole's chip table" +
               (size is { } s ? $" (its capacity byte suggests {s / 1024} KiB)" : " (its capacity byte is not a plausible size)");
    }
}
