namespace BkConsole.Devices.Beken.Reset;

/// <summary>The default escalation: DTR/RTS where the port has them, the reboot command, then the manual prompt.</summary>
public static class ResetStrategies
{
    public static IReadOnlyList<IResetStrategy> Default(TimeSpan? manualWindow = null) =>
        [new DtrRtsPulseReset(), new RebootCommandReset(), new ManualReset(manualWindow)];

    /// <summary>For unattended runs (tests, the TUI when the chip reboots itself): no manual step.</summary>
    public static IReadOnlyList<IResetStrategy> Automatic { get; } = [new DtrRtsPulseReset(), new RebootCommandReset()];
}
