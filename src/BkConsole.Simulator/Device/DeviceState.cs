namespace BkConsole.Simulator.Device;

/// <summary>Where the simulated chip is (beken-uart-protocol.md §11 "States").</summary>
public enum DeviceState
{
    Off,
    InReset,
    BootWindow,
    Booting,
    App,
    Download,
    Halted,
}
