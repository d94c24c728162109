namespace BkConsole.Core.Layouts;

/// <summary>
/// A named flash layout as data: which chip and flash size it is for, its partitions, and where the facts come from
/// (so a finding can quote its source). Detection hints (<see cref="AppRblOffset"/>, <see cref="LittleFsOffset"/>)
/// let image analysis recognise the layout in a dump.
/// </summary>
public sealed record FlashLayout(
    string Id,
    string Name,
    string Chip,
    long FlashSize,
    IReadOnlyList<FlashPartition> Partitions,
    string Source)
{
    /// <summary>Physical offset of the CRC-packed RBL header that ends the app partition, when the layout has one.</summary>
    public long? AppRblOffset { get; init; }

    /// <summary>Physical offset where the firmware keeps a LittleFS volume (OpenBeken), when it does.</summary>
    public long? LittleFsOffset { get; init; }

    public FlashPartition? Find(string name) =>
        Partitions.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>"app 0x11000+0x1ba000, download 0x2ec000+0x112000" — for explanations.</summary>
    public string Describe(params string[] names)
    {
        var parts = names.Length == 0 ? Partitions : names.Select(Find).OfType<FlashPartition>().ToList();
        return string.Join(", ", parts.Select(p => p.ToString()));
    }

    public override string ToString() => Name;
}
