using BkConsole.Core.Chips;
using BkConsole.Devices.Beken.Reset;

namespace BkConsole.Devices.Flash;

/// <summary>How to reach the chip: which chip (null = detect), which transfer rate, which reset strategies.</summary>
public sealed record FlashSessionOptions
{
    /// <summary>Null = identify from the boot code; a profile = use it (checked against the boot code).</summary>
    public ChipProfile? Chip { get; init; }

    /// <summary>Transfer rate to switch to after linking (falls back down the ladder); 115200 = stay.</summary>
    public int Baud { get; init; } = 2_000_000;

    /// <summary>Reset strategies tried in turn when the chip is not already in download mode.</summary>
    public IReadOnlyList<IResetStrategy>? ResetStrategies { get; init; }

    /// <summary>Reboot the chip into its firmware when done (also after a failure or Ctrl+C).</summary>
    public bool RebootWhenDone { get; init; } = true;
}
