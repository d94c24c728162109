using System.Globalization;
using BkConsole.Tui.Session;
using Terminal.Gui.ViewBase;
using Attribute = Terminal.Gui.Drawing.Attribute;

namespace BkConsole.Tui.Panes;

/// <summary>
/// One line: port, baud, connection state, bytes/s, lines/s, boot count, DB path, and the latest message.
/// </summary>
public sealed class StatusBar : View
{
    private readonly MonitorSession _session;
    private readonly LogPane _log;
    private readonly TimeProvider _time;
    private readonly string? _dbPath;

    public StatusBar(MonitorSession session, LogPane log, TimeProvider time, string? dbPath)
    {
        _session = session;
        _log = log;
        _time = time;
        _dbPath = dbPath;
        Height = 1;
        CanFocus = false;
    }

    /// <summary>The status as plain text (what the end-to-end test reads).</summary>
    public IReadOnlyList<(string Text, Attribute Attribute)> Segments()
    {
        var now = _time.GetUtcNow();
        var s = _session;
        var list = new List<(string, Attribute)>
        {
            ($" {s.Port} ", Theme.StatusBar),
            ($" {s.Baud.ToString(CultureInfo.InvariantCulture)} baud ", Theme.StatusBar),
            (" ● " + s.State.Display() + " ", s.State switch
            {
                ConnectionState.Connected => Theme.StatusGood,
                ConnectionState.WaitingForDevice => Theme.StatusBad,
                _ => Theme.StatusWarn,
            }),
            ($" {Rate(s.ByteRate.PerSecond(now))}B/s  {s.LineRate.PerSecond(now):0} lines/s ", Theme.StatusBar),
            ($" boots {s.Boots.Items.Count} ", Theme.StatusBar),
        };
        if (_log.Paused) list.Add(($" PAUSED +{_log.PendingWhilePaused} ", Theme.StatusWarn));
        if (_dbPath != null) list.Add(($" db {_dbPath} ", Theme.StatusBar));
        if (s.Message != null) list.Add(($" {s.Message} ", Theme.StatusWarn));
        return list;
    }

    public string PlainText() => string.Concat(Segments().Select(p => p.Text));

    private static string Rate(double perSecond) => perSecond switch
    {
        >= 1_000_000 => (perSecond / 1_000_000).ToString("0.0", CultureInfo.InvariantCulture) + " M",
        >= 1_000 => (perSecond / 1_000).ToString("0.0", CultureInfo.InvariantCulture) + " k",
        _ => perSecond.ToString("0", CultureInfo.InvariantCulture) + " ",
    };

    /// <summary>The bar paints all its cells itself: no separate clear.</summary>
    protected override bool OnClearingViewport() => true;

    protected override bool OnDrawingContent(DrawContext? context)
    {
        int width = Viewport.Width;
        int x = 0;
        foreach (var (text, attr) in Segments())
        {
            if (x >= width) break;
            var clipped = Pane.Clip(text, width - x);
            Write(x, clipped, attr);
            x += Pane.CellWidth(clipped);
            if (x < width)
            {
                Write(x, "│", Theme.StatusBar);
                x++;
            }
        }
        if (x < width) Write(x, new string(' ', width - x), Theme.StatusBar);
        return true;
    }

    private void Write(int x, string text, Attribute attribute) => CellWriter.Write(this, x, 0, text, attribute);
}
