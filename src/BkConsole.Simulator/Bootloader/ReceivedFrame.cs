namespace BkConsole.Simulator.Bootloader;

/// <summary>
/// A command frame as the device committed it (§3.2): short (<c>01 E0 FC LEN CMD params</c>) or long
/// (<c>01 E0 FC FF F4 LEN16 OP params</c>). <see cref="Declared"/> is the length byte(s) as sent.
/// </summary>
public sealed record ReceivedFrame(bool IsLong, byte Code, byte[] Params, int Declared, byte LongMarker = 0xF4)
{
    public override string ToString() => $"{(IsLong ? "long" : "short")} 0x{Code:X2} ({Params.Length} param bytes)";
}

/// <summary>A frame that stopped arriving before its declared length (the host went quiet).</summary>
public sealed record PartialFrame(bool IsLong, byte? Code);
