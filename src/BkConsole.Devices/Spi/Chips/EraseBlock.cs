namespace BkConsole.Devices.Spi.Chips;

/// <summary>An erase granularity a chip offers: block size and the opcode that erases one aligned block.</summary>
public sealed record EraseBlock(int Size, byte Opcode);
