using System.Buffers.Binary;
using System.Text;

namespace BkConsole.Devices.Beken.Packets;

// Short commands (beken-uart-protocol.md §4.1).

public sealed record LinkCheckCommand : BekenCommand<LinkCheckReply>
{
    public override CommandId Id => new(0x00, false);
    public override CommandId ReplyId => new(0x01, false);
    public override int ParameterLength => 0;
    public override void WriteParameters(Span<byte> d) { }
    public override LinkCheckReply ParseReply(BekenReply r) => new(Replies.Need(r, 1).Span[0]);
}

public sealed record WriteRegCommand(uint Address, uint Value) : BekenCommand<RegisterReply>
{
    public override CommandId Id => new(0x01, false);
    public override int ParameterLength => 8;
    public override void WriteParameters(Span<byte> d) { U32(d, 0, Address); U32(d, 4, Value); }
    public override RegisterReply ParseReply(BekenReply r) => Replies.Register(r);
}

public sealed record ReadRegCommand(uint Address) : BekenCommand<RegisterReply>
{
    public override CommandId Id => new(0x03, false);
    public override int ParameterLength => 4;
    public override void WriteParameters(Span<byte> d) => U32(d, 0, Address);
    public override RegisterReply ParseReply(BekenReply r) => Replies.Register(r);
}

/// <summary>Reboot into the app (parameter 0xA5); the chip sends no reply.</summary>
public sealed record RebootCommand : BekenCommand
{
    public const byte Magic = 0xA5;
    public override CommandId Id => new(0x0E, false);
    public override bool HasReply => false;
    public override int ParameterLength => 1;
    public override void WriteParameters(Span<byte> d) => d[0] = Magic;
}

/// <summary>Switch the chip's UART; the echo comes back at the new rate after <see cref="DelayMs"/>.</summary>
public sealed record SetBaudRateCommand(int Baud, byte DelayMs) : BekenCommand<BaudRateReply>
{
    public override CommandId Id => new(0x0F, false);
    public override int ParameterLength => 5;
    public override void WriteParameters(Span<byte> d) { U32(d, 0, (uint)Baud); d[4] = DelayMs; }
    public override BaudRateReply ParseReply(BekenReply r)
    {
        var b = Replies.Need(r, 5).Span;
        return new((int)BinaryPrimitives.ReadUInt32LittleEndian(b), b[4]);
    }
}

/// <summary>CRC of [Start, End) or [Start, End] depending on the boot code; the caller picks End.</summary>
public sealed record CheckCrcCommand(uint Start, uint End) : BekenCommand<CrcReply>
{
    public override CommandId Id => new(0x10, false);
    public override int ParameterLength => 8;
    public override void WriteParameters(Span<byte> d) { U32(d, 0, Start); U32(d, 4, End); }
    public override CrcReply ParseReply(BekenReply r) => new(BinaryPrimitives.ReadUInt32LittleEndian(Replies.Need(r, 4).Span));
}

public sealed record ReadBootVersionCommand : BekenCommand<BootVersionReply>
{
    public override CommandId Id => new(0x11, false);
    public override int ParameterLength => 0;
    public override void WriteParameters(Span<byte> d) { }
    public override BootVersionReply ParseReply(BekenReply r)
    {
        var b = r.Body.Span;
        if (b.Length == 1 && b[0] == 0x07) return new(null, UnknownToRom: true);
        return new(Encoding.ASCII.GetString(b).Trim('\0', ' '), UnknownToRom: false);
    }
}

// Long (flash) commands (beken-uart-protocol.md §4.2).

/// <summary>Program up to 256 bytes inside one page.</summary>
public sealed record FlashWriteCommand(uint Address, ReadOnlyMemory<byte> Data) : BekenCommand<FlashWriteReply>
{
    public override CommandId Id => new(0x06, true);
    public override int ParameterLength => 4 + Data.Length;
    public override void WriteParameters(Span<byte> d) { U32(d, 0, Address); Data.Span.CopyTo(d[4..]); }
    public override FlashWriteReply ParseReply(BekenReply r)
    {
        var b = Replies.Need(r, 1).Span;
        return b[0] != 0 || b.Length < 6 ? new(b[0], Address, 0)
            : new(b[0], BinaryPrimitives.ReadUInt32LittleEndian(b[1..]), b[5]);
    }
}

/// <summary>Program one pre-erased 4 KiB sector.</summary>
public sealed record FlashWrite4KCommand(uint Address, ReadOnlyMemory<byte> Data) : BekenCommand<FlashAddressReply>
{
    public const int SectorSize = 4096;
    public override CommandId Id => new(0x07, true);
    public override int ParameterLength => 4 + SectorSize;
    public override void WriteParameters(Span<byte> d)
    {
        if (Data.Length != SectorSize) throw new ArgumentException("Write4K needs exactly 4096 bytes");
        U32(d, 0, Address);
        Data.Span.CopyTo(d[4..]);
    }
    public override FlashAddressReply ParseReply(BekenReply r) => Replies.Address(r, Address);
}

public sealed record FlashReadCommand(uint Address, byte Size) : BekenCommand<FlashDataReply>
{
    public override CommandId Id => new(0x08, true);
    public override int ParameterLength => 5;
    public override void WriteParameters(Span<byte> d) { U32(d, 0, Address); d[4] = Size; }
    public override FlashDataReply ParseReply(BekenReply r) => Replies.Data(r, Address);
}

public sealed record FlashRead4KCommand(uint Address) : BekenCommand<FlashDataReply>
{
    public override CommandId Id => new(0x09, true);
    public override int ParameterLength => 4;
    public override void WriteParameters(Span<byte> d) => U32(d, 0, Address);
    public override FlashDataReply ParseReply(BekenReply r) => Replies.Data(r, Address);
}

public sealed record FlashEraseAllCommand : BekenCommand<FlashStatusReply>
{
    public override CommandId Id => new(0x0A, true);
    public override int ParameterLength => 1;
    public override void WriteParameters(Span<byte> d) => d[0] = 4;
    public override FlashStatusReply ParseReply(BekenReply r) => new(Replies.Need(r, 1).Span[0]);
}

public sealed record FlashErase4KCommand(uint Address) : BekenCommand<FlashAddressReply>
{
    public override CommandId Id => new(0x0B, true);
    public override int ParameterLength => 4;
    public override void WriteParameters(Span<byte> d) => U32(d, 0, Address);
    public override FlashAddressReply ParseReply(BekenReply r) => Replies.Address(r, Address);
}

/// <summary>Read one SPI-flash status register: 0x05 SR1, 0x35 SR2, 0x15 SR3.</summary>
public sealed record FlashReadSrCommand(byte SpiOpcode) : BekenCommand<FlashRegisterReply>
{
    public override CommandId Id => new(0x0C, true);
    public override int ParameterLength => 1;
    public override void WriteParameters(Span<byte> d) => d[0] = SpiOpcode;
    public override FlashRegisterReply ParseReply(BekenReply r) => Replies.FlashRegister(r);
}

/// <summary>Write the status register(s): opcode 0x01 with one (SR1) or two (SR1, SR2) value bytes.</summary>
public sealed record FlashWriteSrCommand(byte SpiOpcode, ReadOnlyMemory<byte> Values) : BekenCommand<FlashRegisterReply>
{
    public override CommandId Id => new(0x0D, true);
    public override int ParameterLength => 1 + Values.Length;
    public override void WriteParameters(Span<byte> d) { d[0] = SpiOpcode; Values.Span.CopyTo(d[1..]); }
    public override FlashRegisterReply ParseReply(BekenReply r) => Replies.FlashRegister(r);
}

/// <summary>Raw SPI op 0x9F: JEDEC id (manufacturer, type, capacity).</summary>
public sealed record FlashGetMidCommand : BekenCommand<FlashIdReply>
{
    public override CommandId Id => new(0x0E, true);
    public override int ParameterLength => 4;
    public override void WriteParameters(Span<byte> d) { d[0] = 0x9F; d[1] = 0; d[2] = 0; d[3] = 0; }
    public override FlashIdReply ParseReply(BekenReply r)
    {
        var b = Replies.Need(r, 1).Span;
        if (b[0] != 0) return new(b[0], 0, 0, 0);
        // Status, one dummy byte, then M T C. Some boot code omits the dummy (LEN16 5): take the last three.
        if (b.Length < 4) throw new BekenProtocolException($"GetMID reply too short ({b.Length} bytes)");
        return new(b[0], b[^3], b[^2], b[^1]);
    }
}

/// <summary>Sized erase: SPI opcode 0x20 = 4 KiB sector, 0x52 = 32 KiB, 0xD8 = 64 KiB block.</summary>
public sealed record FlashEraseCommand(byte SizeOpcode, uint Address) : BekenCommand<FlashAddressReply>
{
    public const byte Sector4K = 0x20;
    public const byte Block64K = 0xD8;
    public override CommandId Id => new(0x0F, true);
    public override int ParameterLength => 5;
    public override void WriteParameters(Span<byte> d) { d[0] = SizeOpcode; U32(d, 1, Address); }
    public override FlashAddressReply ParseReply(BekenReply r)
    {
        var b = Replies.Need(r, 1).Span;
        return b[0] != 0 || b.Length < 6 ? new(b[0], Address)
            : new(b[0], BinaryPrimitives.ReadUInt32LittleEndian(b[2..]));
    }
}
