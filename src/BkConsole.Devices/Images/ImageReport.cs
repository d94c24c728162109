using BkConsole.Core.Layouts;

namespace BkConsole.Devices.Images;

/// <summary>Everything <see cref="ImageAnalyzer"/> found in a flash image.</summary>
public sealed record ImageReport(
    long Size,
    string SizeVerdict,
    IReadOnlyList<string> ChipCandidates,
    IReadOnlyList<string> IntegrityProblems,
    KnownBootloader? Bootloader,
    uint BootloaderCrc256,
    uint BootloaderCrc257,
    IReadOnlyList<PackedRegion> PackedRegions,
    IReadOnlyList<RblFound> RblHeaders,
    LayoutVerdict Layout,
    TuyaStorageReport? TuyaStorage,
    IReadOnlyList<long> LittleFsOffsets)
{
    /// <summary>True when the image is fit to be kept as a backup (no integrity problem).</summary>
    public bool LooksValid => IntegrityProblems.Count == 0;
}

/// <summary>A run of CRC-packed blocks [<see cref="Start"/>, <see cref="End"/>) (physical offsets) and its block check.</summary>
public sealed record PackedRegion(long Start, long End, int GoodBlocks, int EmptyBlocks, int BadBlocks, IReadOnlyList<long> BadOffsets)
{
    public long Length => End - Start;
}

/// <summary>An RBL header found at a physical offset, plain (<see cref="Packed"/> false: OTA file form) or CRC-packed.</summary>
public sealed record RblFound(long Offset, bool Packed, RblHeader Header, bool? PackageCrcValid, string? Partition);

/// <summary>The layout the image most likely follows, how sure we are, and why.</summary>
public sealed record LayoutVerdict(FlashLayout? Layout, int Score, IReadOnlyList<string> Reasons, IReadOnlyList<(FlashLayout Layout, int Score)> Candidates)
{
    public string Describe() => Layout == null ? "unknown (no known layout fits)" : $"{Layout.Name} ({Layout.Id})";
}
