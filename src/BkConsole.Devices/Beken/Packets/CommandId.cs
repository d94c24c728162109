namespace BkConsole.Devices.Beken.Packets;

/// <summary>A bootloader command or reply as the wire names it: opcode plus short/long frame (0x0E and 0x0F differ).</summary>
public readonly record struct CommandId(byte Opcode, bool IsLong)
{
    public override string ToString() => $"{(IsLong ? "long" : "short")} 0x{Opcode:X2}";
}
