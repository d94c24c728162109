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
            x = Put(x, row, f.Title, attr);
            Put(x, row, "  [" + f.Id + (f.Boot > 0 ? $" boot {f.Boot}" : "") + "]", Theme.Dim);
            row++;
            if (row < Rows && f.Explanation.Length > 0) Put(2, row++, f.Explanation, Theme.Normal);
            if (row < Rows && f.Advice.Length > 0) Put(2, row++, "→ " + f.Advice, Theme.Sent);
        }
    }
}
