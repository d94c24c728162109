using BkConsole.Core.Events;

namespace BkConsole.Logs.Diagnosis;

/// <summary>
/// A boot as the rules see it: its record, its events in line order, an index by kind, and (when line texts are
/// available) its lines. Built once per boot per diagnosis run.
/// </summary>
public sealed class BootView
{
    private readonly Dictionary<string, List<LogEvent>> _byKind = new(StringComparer.Ordinal);
    private readonly Func<int, string?>? _lineText;

    public BootView(BootData data, int position, Func<int, string?>? lineText)
    {
        Record = data.Record;
        Position = position;
        Events = data.Events.Count > 1 && !IsSorted(data.Events)
            ? data.Events.OrderBy(e => e.LineNo).ThenBy(e => e.Seq).ToList()
            : data.Events;
        _lineText = lineText;
        foreach (var e in Events)
        {
            if (!_byKind.TryGetValue(e.Kind, out var list)) _byKind[e.Kind] = list = [];
            list.Add(e);
        }
    }

    public BootRecord Record { get; }

    /// <summary>1-based boot index within the capture.</summary>
    public int Index => Record.Index;

    /// <summary>Position in the engine's list (0-based), for neighbours.</summary>
    public int Position { get; }

    public IReadOnlyList<LogEvent> Events { get; }

    public bool HasLines => _lineText != null;

    public bool Has(string kind) => _byKind.ContainsKey(kind);

    public IReadOnlyList<LogEvent> OfKind(string kind) => _byKind.TryGetValue(kind, out var l) ? l : [];

    public LogEvent? First(string kind) => _byKind.TryGetValue(kind, out var l) ? l[0] : null;

    public LogEvent? Last(string kind) => _byKind.TryGetValue(kind, out var l) ? l[^1] : null;

    public LogEvent? FirstOf(params string[] kinds) =>
        kinds.Select(First).Where(e => e != null).OrderBy(e => e!.LineNo).FirstOrDefault();

    public string? Line(int lineNo) => _lineText?.Invoke(lineNo);

    /// <summary>Line numbers of this boot after <paramref name="afterLine"/> whose text is not blank.</summary>
    public IEnumerable<(int LineNo, string Text)> NonBlankLinesAfter(int afterLine)
    {
        if (_lineText == null) yield break;
        for (int n = Math.Max(afterLine + 1, Record.FirstLine); n <= Record.LastLine; n++)
        {
            var t = _lineText(n);
            if (!IsBlank(t)) yield return (n, t);
        }
    }

    /// <summary>The last non-blank line of the boot (text and number), from the lines or else from the last event.</summary>
    public (int LineNo, string Text)? LastLine()
    {
        if (_lineText != null)
        {
            for (int n = Record.LastLine; n >= Record.FirstLine; n--)
            {
                var t = _lineText(n);
                if (!IsBlank(t)) return (n, t.Trim());
            }
        }
        return Events.Count > 0 ? (Events[^1].LineNo, Events[^1].Text.Trim()) : null;
    }

    /// <summary>The last few non-blank lines (oldest first).</summary>
    public IReadOnlyList<(int LineNo, string Text)> LastLines(int count)
    {
        var list = new List<(int, string)>();
        if (_lineText != null)
        {
            for (int n = Record.LastLine; n >= Record.FirstLine && list.Count < count; n--)
            {
                var t = _lineText(n);
                if (!IsBlank(t)) list.Add((n, t.Trim()));
            }
        }
        else
        {
            for (int i = Events.Count - 1; i >= 0 && list.Count < count; i--) list.Add((Events[i].LineNo, Events[i].Text.Trim()));
        }
        list.Reverse();
        return list;
    }

    /// <summary>Blank for the rules: nothing but whitespace, NULs and other control characters.</summary>
    public static bool IsBlank([System.Diagnostics.CodeAnalysis.NotNullWhen(false)] string? t)
    {
        if (t == null) return true;
        foreach (var c in t)
            if (!char.IsWhiteSpace(c) && !char.IsControl(c)) return false;
        return true;
    }

    private static bool IsSorted(IReadOnlyList<LogEvent> events)
    {
        for (int i = 1; i < events.Count; i++)
            if (events[i].LineNo < events[i - 1].LineNo) return false;
        return true;
    }

    public override string ToString() => $"boot {Index} (lines {Record.FirstLine}-{Record.LastLine}, {Events.Count} events)";
}
