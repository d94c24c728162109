using BkConsole.Core.Chips;
using BkConsole.Simulator.Device;

namespace BkConsole.Simulator.Scenarios;

/// <summary>What a boot script knows: which boot this is since power-on, why the chip started, a seeded RNG.</summary>
public sealed record BootContext(
    ChipProfile Chip,
    SimChipTraits Traits,
    int BootNumber,
    ResetCause Cause,
    Random Random,
    int LogBaud,
    ScenarioState State);

/// <summary>State a scenario keeps across reboots of one simulated device (e.g. "an OTA was downloaded").</summary>
public sealed class ScenarioState
{
    public bool OtaPending { get; set; }

    public int Crashes { get; set; }

    public long PeriodicCounter { get; set; }
}
