using System.Buffers.Binary;

namespace BkConsole.Devices.Beken.Packets;

/// <summary>
/// A host → bootloader command. Each record carries its opcode, its parameter layout and how its reply is read;
/// this pairing is the single request→response map of the protocol (beken-uart-protocol.md §4).
/// </summary>
public abstract record BekenCommand
{
    public abstract CommandId Id { get; }

    /// <summary>The id the reply carries (LinkCheck answers with CMD+1; everything else echoes its own).</summary>
    public virtual CommandId ReplyId => Id;

    /// <summary>False for commands the boot code never answers (Reboot, Reset).</summary>
    public virtual bool HasReply => true;

    public abstract int ParameterLength { get; }

    public abstract void WriteParameters(Span<byte> destination);

    protected static void U32(Span<byte> d, int at, uint v) => BinaryPrimitives.WriteUInt32LittleEndian(d[at..], v);
}

/// <summary>A command whose reply decodes to <typeparamref name="TReply"/>.</summary>
public abstract record BekenCommand<TReply> : BekenCommand
{
    /// <summary>Decode the reply; throws <see cref="BekenProtocolException"/> when its shape is wrong.</summary>
    public abstract TReply ParseReply(BekenReply reply);
}
