using BkConsole.Core.Events;

namespace BkConsole.Tui.Session;

/// <summary>
/// Which lines the log pane shows. With no filter every line shows; a severity filter keeps event lines at or
/// above it (plus session markers); a kind filter keeps lines whose event kind contains the text.
/// </summary>
public sealed record LogFilter(Severity? MinSeverity, string? Kind)
{
    public static LogFilter None { get; } = new(null, null);

    public bool IsActive => MinSeverity != null || !string.IsNullOrEmpty(Kind);

    public bool Shows(ScrollLine line)
    {
        if (!IsActive || line.Source == ScrollLineSource.Marker) return true;
        var e = line.Event;
        if (e == null) return false;
        if (MinSeverity is { } min && e.Severity < min) return false;
        if (!string.IsNullOrEmpty(Kind) && !e.Kind.Contains(Kind, StringComparison.OrdinalIgnoreCase)) return false;
        return true;
    }

    /// <summary>The next step of the severity key: all → notice+ → warning+ → error+ → all.</summary>
    public LogFilter NextSeverity() => this with
    {
        MinSeverity = MinSeverity switch
        {
            null => Severity.Notice,
            Severity.Notice => Severity.Warning,
            Severity.Warning => Severity.Error,
            _ => null,
        },
    };

    public string Describe()
    {
        if (!IsActive) return "all lines";
        var parts = new List<string>();
        if (MinSeverity is { } m) parts.Add(m.ToJson() + "+");
        if (!string.IsNullOrEmpty(Kind)) parts.Add("kind~" + Kind);
        return string.Join(" ", parts);
    }
}
