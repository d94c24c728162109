namespace BkConsole.Devices.Images;

/// <summary>The plain bytes of a CRC-packed image and what the block check found (bad blocks by physical offset).</summary>
public sealed record Crc16UnpackResult(
    byte[] Plain,
    int GoodBlocks,
    int EmptyBlocks,
    int BadBlocks,
    IReadOnlyList<long> BadOffsets,
    int TrailingBytes)
{
    public int Blocks => GoodBlocks + EmptyBlocks + BadBlocks;

    /// <summary>True when the input looks CRC-packed at all: most non-empty blocks carry a valid CRC.</summary>
    public bool LooksPacked => GoodBlocks > 0 && GoodBlocks >= 4 * BadBlocks;
}
