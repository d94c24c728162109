using BkConsole.Core.Events;

namespace BkConsole.Tui.Session;

/// <summary>A finding as the findings pane shows it (from the diagnosis engine).</summary>
public sealed record FindingItem(string Id, Severity Severity, string Title, string Explanation, string Advice, int Boot);
