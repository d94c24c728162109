using BkConsole.Tui.Session;

namespace BkConsole.Tui.Panes;

/// <summary>What the diagnosis engine concluded: severity, title, and what to do.</summary>
public sealed class FindingsPane : Pane
{
    private readonly Func<IReadOnlyList<FindingItem>> _findings;
    private readonly bool _available;

    public FindingsPane(Func<IReadOnlyList<FindingItem>> findings, bool available) : base("Findings")
    {
        _findings = findings;
        _available = available;
    }

    /// <summary>Word-wraps <paramref name="text"/> into at most <paramref name="maxRows"/> rows of <paramref name="width"/> cells.</summary>
    public static IEnumerable<string> Wrap(string text, int width, int maxRows)
    {
        if (string.IsNullOrWhiteSpace(text) || width < 8) yield break;
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var line = new System.Text.StringBuilder();
        int rows = 0;
        for (int i = 0; i < words.Length; i++)
        {
            var w = words[i];
            if (line.Length > 0 && line.Length + 1 + w.Length > width)
            {
                if (++rows == maxRows)
                {
                    yield return Clip(line + " " + string.Join(' ', words[i..]), width);
                    yield break;
                }
                yield return line.ToString();
                line.Clear();
            }
            if (line.Length > 0) line.Append(' ');
            line.Append(w);
        }
        if (line.Length > 0) yield return Clip(line.ToString(), width);
    }

    public void Changed()
    {
        var title = $"Findings ({_findings().Count})";
        if (Title != title) Title = title;
        SetNeedsDraw();
    }

    protected override void DrawRows()
    {
        var items = _findings();
        if (items.Count == 0)
        {
            Put(1, 0, _available ? "nothing to report — the boots look healthy so far" : "diagnosis is not available in this build", Theme.Dim);
            return;
        }
        int row = 0;
        foreach (var f in items.OrderByDescending(f => f.Severity).ThenByDescending(f => f.Boot))
        {
            if (row >= Rows) break;
            var attr = Theme.For(f.Severity);
            int x = Put(0, row, Theme.Glyph(f.Severity) + " " + Theme.Tag(f.Severity) + " ", attr);
            if (f.Boot > 0) x = Put(x, row, $"#{f.Boot} ", Theme.Dim);
            int indent = x;
            foreach (var part in Wrap(f.Title, Cols - indent, 2))
            {
                if (row >= Rows) break;
                Put(indent, row++, part, attr);
            }
            foreach (var part in Wrap(f.Explanation, Cols - 4, 2))
            {
                if (row >= Rows) break;
                Put(4, row++, part, Theme.Normal);
            }
            bool first = true;
            foreach (var part in Wrap(f.Advice, Cols - 6, 3))
            {
                if (row >= Rows) break;
                Put(4, row++, (first ? "→ " : "  ") + part, Theme.Sent);
                first = false;
            }
            if (row < Rows) Put(4, row++, f.Id, Theme.Dim);
        }
    }
}
