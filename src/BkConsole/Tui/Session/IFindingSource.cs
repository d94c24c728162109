using BkConsole.Core.Events;

namespace BkConsole.Tui.Session;

/// <summary>The seam to the diagnosis engine: given the boots and events so far, the current findings.</summary>
public interface IFindingSource
{
    /// <summary>Called after a drain that changed boots or events; returns the full current list.</summary>
    IReadOnlyList<FindingItem> Evaluate(IReadOnlyList<BootRecord> boots, IReadOnlyList<LogEvent> recentEvents);
}
