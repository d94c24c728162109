using BkConsole.Core.Events;

namespace BkConsole.Tui.Session;

/// <summary>
/// The seam between the live terminal and the log pipeline (bytes → lines → events → boots). The terminal feeds
/// bytes as they arrive and renders what comes out; it never parses anything itself.
/// </summary>
public interface IMonitorPipeline
{
    void Push(ReadOnlySpan<byte> data, DateTimeOffset arrival, PipelineOutput output);

    /// <summary>Emits a partial line (a prompt without newline) after the idle interval.</summary>
    void FlushIfIdle(DateTimeOffset now, PipelineOutput output);

    /// <summary>Emits whatever is pending (the link went away, or the session ends).</summary>
    void Flush(PipelineOutput output);
}

/// <summary>What one push produced. Lines come in order; events refer to lines by <see cref="LogEvent.LineNo"/>.</summary>
public sealed class PipelineOutput
{
    public List<LogLine> Lines { get; } = [];

    public List<LogEvent> Events { get; } = [];

    /// <summary>Boots opened or updated by this push (the latest state of each).</summary>
    public List<BootRecord> Boots { get; } = [];

    public bool IsEmpty => Lines.Count == 0 && Events.Count == 0 && Boots.Count == 0;

    public void Clear()
    {
        Lines.Clear();
        Events.Clear();
        Boots.Clear();
    }
}
