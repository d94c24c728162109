namespace BkConsole.Devices.Spi.Chips;

/// <summary>
/// One SPI NOR part as data (style rule 3/4): JEDEC id, geometry, erase blocks, status-register layout and
/// whether the part has been confirmed with bkconsole on real hardware (<see cref="Tested"/>).
/// </summary>
public sealed record FlashChip(
    string Vendor,
    string Name,
    JedecId Id,
    long Size,
    int PageSize,
    IReadOnlyList<EraseBlock> EraseBlocks,
    StatusRegisterLayout Status,
    bool Tested,
    string SeenOn)
{
    /// <summary>The usual erase set: 4 KiB sectors, 32 and 64 KiB blocks.</summary>
    public static readonly IReadOnlyList<EraseBlock> StandardErase =
    [
        new(4 * 1024, Spi25Opcodes.SectorErase4K),
        new(32 * 1024, Spi25Opcodes.BlockErase32K),
        new(64 * 1024, Spi25Opcodes.BlockErase64K),
    ];

    /// <summary>4 KiB sectors and 64 KiB blocks only.</summary>
    public static readonly IReadOnlyList<EraseBlock> SectorAnd64K =
    [
        new(4 * 1024, Spi25Opcodes.SectorErase4K),
        new(64 * 1024, Spi25Opcodes.BlockErase64K),
    ];

    public int SmallestErase => EraseBlocks.Min(b => b.Size);

    public override string ToString() => $"{Vendor} {Name} ({Size / 1024} KiB, id {Id})";
}
