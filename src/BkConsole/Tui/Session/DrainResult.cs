namespace BkConsole.Tui.Session;

/// <summary>What one drain changed, so the UI redraws only the panes that need it.</summary>
[Flags]
public enum DrainResult
{
    None = 0,
    Log = 1,
    Events = 2,
    Boots = 4,
    Findings = 8,
    Status = 16,
}
