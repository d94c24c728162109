namespace BkConsole.Core.Events;

/// <summary>
/// One boot of a device within a capture: from a bootloader banner (or, without one, an app banner) to the next.
/// Unknown facts are null. <see cref="Jump"/> is the address the bootloader handed over to.
/// </summary>
public sealed record BootRecord(
    int Index,
    int FirstLine,
    int LastLine,
    string? Bootloader,
    string? Firmware,
    ulong? Jump,
    string? ResetReason,
    int Events)
{
    public DateTimeOffset? Start { get; init; }
    public DateTimeOffset? End { get; init; }

    /// <summary>True when this boot began in the middle of a line (a reset cut the previous one off).</summary>
    public bool ResetMidLine { get; init; }
}
