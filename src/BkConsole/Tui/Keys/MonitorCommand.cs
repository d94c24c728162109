namespace BkConsole.Tui.Keys;

/// <summary>Everything a key can do in the live terminal. Keys are bound to these in <see cref="KeyMap"/> only.</summary>
public enum MonitorCommand
{
    Help,
    Quit,
    Search,
    SearchNext,
    SearchPrevious,
    FilterSeverity,
    FilterKind,
    ClearFilter,
    Pause,
    HexView,
    ShowKinds,
    AllEvents,
    DebugEvents,
    Timestamps,
    SendLine,
    ChangeBaud,
    ResetPulse,
    Dump,
    ScrollUp,
    ScrollDown,
    PageUp,
    PageDown,
    Top,
    Follow,
    Cancel,
}
