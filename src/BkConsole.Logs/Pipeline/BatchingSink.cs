using BkConsole.Core.Events;
using BkConsole.Logs.Boots;

namespace BkConsole.Logs.Pipeline;

/// <summary>
/// A sink that collects output for consumers that work in batches (the store inserts per batch, the TUI drains once
/// per UI tick). <see cref="Drain"/> hands over everything gathered so far. For boots only the latest record of each
/// boot index is kept per batch. Not thread-safe: drain on the feeding thread, or wrap with a lock.
/// </summary>
public sealed class BatchingSink : ILogSink
{
    private List<(LogLine, int)> _lines = new();
    private List<LogEvent> _events = new();
    private readonly Dictionary<int, BootRecord> _boots = new();

    public bool KeepLines { get; init; } = true;

    public int PendingLines => _lines.Count;

    public int PendingEvents => _events.Count;

    public void OnLine(LogLine line, int boot)
    {
        if (KeepLines) _lines.Add((line, boot));
    }

    public void OnEvent(LogEvent ev) => _events.Add(ev);

    public void OnBoot(BootRecord boot, BootChange change) => _boots[boot.Index] = boot;

    public LogBatch Drain()
    {
        var batch = new LogBatch(_lines, _events, _boots.Values.OrderBy(b => b.Index).ToList());
        _lines = new List<(LogLine, int)>();
        _events = new List<LogEvent>();
        _boots.Clear();
        return batch;
    }
}
