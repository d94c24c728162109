namespace BkConsole.Devices.Beken.Packets;

/// <summary>
/// One decoded reply frame. <see cref="Body"/> is everything after CMD (short) or after OP (long); for long frames
/// it starts with the status byte.
/// </summary>
public sealed record BekenReply(CommandId Id, ReadOnlyMemory<byte> Body)
{
    /// <summary>Status of a long reply (first body byte); short replies carry none.</summary>
    public byte Status => Id.IsLong && Body.Length > 0 ? Body.Span[0] : (byte)0;
}
