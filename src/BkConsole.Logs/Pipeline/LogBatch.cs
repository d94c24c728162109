using BkConsole.Core.Events;

namespace BkConsole.Logs.Pipeline;

/// <summary>Lines, events and boot records collected since the last drain (see <see cref="BatchingSink"/>).</summary>
public sealed record LogBatch(
    IReadOnlyList<(LogLine Line, int Boot)> Lines,
    IReadOnlyList<LogEvent> Events,
    IReadOnlyList<BootRecord> Boots)
{
    public bool IsEmpty => Lines.Count == 0 && Events.Count == 0 && Boots.Count == 0;
}
