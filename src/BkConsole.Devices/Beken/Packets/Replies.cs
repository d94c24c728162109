using System.Buffers.Binary;

namespace BkConsole.Devices.Beken.Packets;

public sealed record LinkCheckReply(byte Status);

public sealed record RegisterReply(uint Address, uint Value);

public sealed record BaudRateReply(int Baud, byte DelayMs);

/// <summary>The chip's raw CRC value (no final XOR).</summary>
public sealed record CrcReply(uint Crc);

/// <summary>Version text of a Tuya bootloader, or <see cref="UnknownToRom"/> when a BootROM answered "unknown command".</summary>
public sealed record BootVersionReply(string? Version, bool UnknownToRom);

public sealed record FlashStatusReply(byte Status);

public sealed record FlashAddressReply(byte Status, uint Address);

public sealed record FlashWriteReply(byte Status, uint Address, byte Written);

public sealed record FlashDataReply(byte Status, uint Address, ReadOnlyMemory<byte> Data);

public sealed record FlashRegisterReply(byte Status, byte SpiOpcode, ReadOnlyMemory<byte> Values);

public sealed record FlashIdReply(byte Status, byte Manufacturer, byte Type, byte Capacity)
{
    public string Hex => $"{Manufacturer:x2}{Type:x2}{Capacity:x2}";

    /// <summary>1 &lt;&lt; capacity code, or null when the id is not plausible (00 00 00, FF FF FF).</summary>
    public long? Size => Capacity is >= 0x10 and <= 0x1A ? 1L << Capacity : null;
}

/// <summary>Shared reply-body readers.</summary>
internal static class Replies
{
    public static ReadOnlyMemory<byte> Need(BekenReply r, int bytes) =>
        r.Body.Length >= bytes ? r.Body
            : throw new BekenProtocolException($"reply to {r.Id} too short: {r.Body.Length} bytes, expected {bytes}");

    public static RegisterReply Register(BekenReply r)
    {
        var b = Need(r, 8).Span;
        return new(BinaryPrimitives.ReadUInt32LittleEndian(b), BinaryPrimitives.ReadUInt32LittleEndian(b[4..]));
    }

    public static FlashAddressReply Address(BekenReply r, uint asked)
    {
        var b = Need(r, 1).Span;
        return b[0] != 0 || b.Length < 5 ? new(b[0], asked) : new(b[0], BinaryPrimitives.ReadUInt32LittleEndian(b[1..]));
    }

    public static FlashDataReply Data(BekenReply r, uint asked)
    {
        var b = Need(r, 1);
        if (b.Span[0] != 0 || b.Length < 5) return new(b.Span[0], asked, ReadOnlyMemory<byte>.Empty);
        return new(0, BinaryPrimitives.ReadUInt32LittleEndian(b.Span[1..]), b[5..]);
    }

    public static FlashRegisterReply FlashRegister(BekenReply r)
    {
        var b = Need(r, 1);
        if (b.Span[0] != 0 || b.Length < 2) return new(b.Span[0], 0, ReadOnlyMemory<byte>.Empty);
        return new(0, b.Span[1], b[2..]);
    }
}
