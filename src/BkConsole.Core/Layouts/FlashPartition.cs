namespace BkConsole.Core.Layouts;

/// <summary>
/// One region of a flash layout. <see cref="Offset"/> and <see cref="Length"/> are physical flash bytes
/// (CRC-packed regions included). A null length means the source gives only the start.
/// </summary>
public sealed record FlashPartition(string Name, long Offset, long? Length, string? Note = null)
{
    public long? End => Length is { } l ? Offset + l : null;

    public bool Contains(long address) => address >= Offset && (End is not { } e || address < e);

    public override string ToString() =>
        Length is { } l ? $"{Name} 0x{Offset:x}+0x{l:x}" : $"{Name} @0x{Offset:x}";
}
