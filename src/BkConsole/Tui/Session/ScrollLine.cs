using BkConsole.Core.Events;

namespace BkConsole.Tui.Session;

/// <summary>Where a line of the log pane came from.</summary>
public enum ScrollLineSource : byte
{
    Received,

    /// <summary>A line the user sent (local echo).</summary>
    Sent,

    /// <summary>A session marker: device gone / back, port lent to a dump, dump saved.</summary>
    Marker,
}

/// <summary>One line of the log pane: the received line and the event it produced, if any.</summary>
public sealed class ScrollLine
{
    public ScrollLine(string text, DateTimeOffset time, ScrollLineSource source, LogLine? line = null)
    {
        Text = text;
        Time = time;
        Source = source;
        Line = line;
    }

    public string Text { get; }

    public DateTimeOffset Time { get; }

    public ScrollLineSource Source { get; }

    public LogLine? Line { get; }

    public LogEvent? Event { get; set; }

    /// <summary>Severity of the line's event; null for a line no rule took.</summary>
    public Severity? Severity => Event?.Severity;
}
