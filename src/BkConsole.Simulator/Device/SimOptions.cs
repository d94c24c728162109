using BkConsole.Core.Chips;
using BkConsole.Simulator.Uart;

namespace BkConsole.Simulator.Device;

/// <summary>How a simulated device behaves. Defaults: a BK7252 doorbell, normal boot, paced at 115200.</summary>
public sealed record SimOptions
{
    public ChipProfile Chip { get; init; } = ChipProfiles.Bk7252;

    /// <summary>A name from <see cref="Scenarios.ScenarioCatalog"/>.</summary>
    public string Scenario { get; init; } = "normal";

    /// <summary>Rate of the app's log output (the boot code always starts at 115200).</summary>
    public int LogBaud { get; init; } = 115200;

    /// <summary>Bytes leave at baud/10 per second. Off for fast tests.</summary>
    public bool Pacing { get; init; } = true;

    /// <summary>A host whose termios rate does not match gets what a UART at its rate would decode.</summary>
    public bool GarbleOnBaudMismatch { get; init; } = true;

    public FaultSpec Faults { get; init; } = FaultSpec.None;

    /// <summary>Seeds log values and faults; the same seed gives the same run.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Start as a chip that is already linked and sitting in download mode (tests of flash clients).</summary>
    public bool StartInDownloadMode { get; init; }

    public TimeSpan BootWindow { get; init; } = SimTimings.BootWindow;
}
