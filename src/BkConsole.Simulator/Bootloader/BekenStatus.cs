namespace BkConsole.Simulator.Bootloader;

/// <summary>Status codes of the Beken loader (beken-uart-protocol.md §3.3).</summary>
public enum BekenStatus : byte
{
    Ok = 0,
    FlashBusy = 1,
    SpiTimeout = 2,
    FlashTimeout = 3,
    PackLenError = 4,
    PackPayloadLack = 5,
    ParamError = 6,
    UnknownCmd = 7,
}
