using System.Globalization;
using System.Text;
using BkConsole.Tui.Session;
using Attribute = Terminal.Gui.Drawing.Attribute;

namespace BkConsole.Tui.Panes;

/// <summary>
/// The live log: colour by severity, a marker column for event lines, the event kind on demand, host timestamps,
/// filter, regex search with highlight, pause, and a hex view of the raw bytes. Follows the newest line unless
/// the user scrolled away.
/// </summary>
public sealed class LogPane : Pane
{
    private const int HexBytesPerRow = 16;
    private readonly MonitorSession _session;
    private readonly List<int> _visible = [];
    private bool _visibleIsIdentity;
    private long _topAbsolute;
    private long? _pausedAt;
    private long? _matchAbsolute;

    public LogPane(MonitorSession session) : base("Log")
    {
        _session = session;
        CanFocus = true;
        UpdateTitle();
    }

    public bool Following { get; private set; } = true;

    public bool Paused => _pausedAt != null;

    public bool Timestamps { get; private set; }

    public bool ShowKinds { get; private set; }

    public bool HexMode { get; private set; }

    public LogFilter Filter { get; private set; } = LogFilter.None;

    public ScrollbackSearch? Search { get; private set; }

    /// <summary>Lines received since the pause (shown in the status bar).</summary>
    public long PendingWhilePaused => _pausedAt is { } at ? _session.Scrollback.Added - at : 0;

    public void TogglePause()
    {
        _pausedAt = _pausedAt == null ? _session.Scrollback.Added : null;
        Changed();
    }

    public void ToggleTimestamps() { Timestamps = !Timestamps; Changed(); }

    public void ToggleKinds() { ShowKinds = !ShowKinds; Changed(); }

    public void ToggleHex() { HexMode = !HexMode; Changed(); }

    public void SetFilter(LogFilter filter)
    {
        Filter = filter;
        Following = true;
        Changed();
    }

    public void ClearFilterAndSearch()
    {
        Filter = LogFilter.None;
        Search = null;
        _matchAbsolute = null;
        Following = true;
        Changed();
    }

    /// <summary>Starts a search and jumps to the last match (the newest, as in a terminal's scrollback).</summary>
    public bool StartSearch(ScrollbackSearch search)
    {
        Search = search;
        _matchAbsolute = null;
        return FindNext(forward: false, fromEnd: true);
    }

    /// <summary>Moves to the next (older when <paramref name="forward"/> is false) match; false when none.</summary>
    public bool FindNext(bool forward, bool fromEnd = false)
    {
        if (Search == null) return false;
        var lines = _session.Scrollback;
        int from = fromEnd || _matchAbsolute == null
            ? (forward ? -1 : LimitCount())
            : (int)(_matchAbsolute.Value - lines.Dropped);
        var found = Search.Find(lines, from, forward, Filter);
        if (found is not { } i) return false;
        _matchAbsolute = lines.Dropped + i;
        Following = false;
        CenterOn(i);
        Changed();
        return true;
    }

    public int CountMatches()
    {
        if (Search == null) return 0;
        int n = 0;
        var lines = _session.Scrollback;
        for (int i = 0; i < lines.Count; i++)
            if (Filter.Shows(lines[i]) && Search.IsMatch(lines[i])) n++;
        return n;
    }

    public void Scroll(int delta)
    {
        BuildVisible();
        int top = TopVisibleIndex();
        int max = Math.Max(0, _visible.Count - Rows);
        int next = Math.Clamp(top + delta, 0, max);
        Following = next >= max;
        if (!Following && _visible.Count > 0) _topAbsolute = _session.Scrollback.Dropped + _visible[next];
        Changed();
    }

    public void Page(int direction) => Scroll(direction * Math.Max(1, Rows - 1));

    public void Top()
    {
        Following = false;
        _topAbsolute = _session.Scrollback.Dropped;
        Changed();
    }

    public void Follow()
    {
        Following = true;
        if (Paused) TogglePause();
        Changed();
    }

    /// <summary>Called by the window after a drain that added lines.</summary>
    public void Changed()
    {
        UpdateTitle();
        SetNeedsDraw();
    }

    private void UpdateTitle()
    {
        var sb = new StringBuilder("Log");
        if (HexMode) sb.Append(" — hex");
        if (Filter.IsActive) sb.Append(" — ").Append(Filter.Describe());
        if (Search != null) sb.Append(" — /").Append(Search.Pattern).Append('/');
        if (Paused) sb.Append(" — PAUSED");
        else if (!Following) sb.Append(" — scrolled (End follows)");
        var title = sb.ToString();
        if (Title != title) Title = title;
    }

    private int LimitCount()
    {
        var lines = _session.Scrollback;
        if (_pausedAt is not { } at) return lines.Count;
        return (int)Math.Clamp(at - lines.Dropped, 0, lines.Count);
    }

    private void BuildVisible()
    {
        var lines = _session.Scrollback;
        int limit = LimitCount();
        if (!Filter.IsActive)
        {
            // unfiltered, the visible list is 0..limit-1 whatever fell off the ring's front: only its length
            // changes, so grow or cut it instead of rebuilding 20 000 entries on every draw
            if (!_visibleIsIdentity) _visible.Clear();
            _visibleIsIdentity = true;
            if (_visible.Count > limit) _visible.RemoveRange(limit, _visible.Count - limit);
            while (_visible.Count < limit) _visible.Add(_visible.Count);
            return;
        }
        _visibleIsIdentity = false;
        _visible.Clear();
        for (int i = 0; i < limit; i++)
            if (Filter.Shows(lines[i])) _visible.Add(i);
    }

    private int TopVisibleIndex()
    {
        int rows = Math.Max(1, Rows);
        if (Following || Paused && _topAbsolute < _session.Scrollback.Dropped)
            return Math.Max(0, _visible.Count - rows);
        long rel = _topAbsolute - _session.Scrollback.Dropped;
        int pos = _visible.BinarySearch((int)Math.Max(0, rel));
        if (pos < 0) pos = ~pos;
        return Math.Clamp(pos, 0, Math.Max(0, _visible.Count - 1));
    }

    private void CenterOn(int index)
    {
        BuildVisible();
        int pos = _visible.BinarySearch(index);
        if (pos < 0) pos = ~pos;
        int top = Math.Max(0, pos - Rows / 2);
        if (_visible.Count > 0) _topAbsolute = _session.Scrollback.Dropped + _visible[Math.Min(top, _visible.Count - 1)];
    }

    protected override void DrawRows()
    {
        if (HexMode)
        {
            DrawHex();
            return;
        }
        BuildVisible();
        if (_visible.Count == 0)
        {
            Put(1, 0, Filter.IsActive ? "no line matches the filter (c clears it)" : "waiting for data…", Theme.Dim);
            return;
        }
        int top = TopVisibleIndex();
        var lines = _session.Scrollback;
        long? match = _matchAbsolute;
        for (int row = 0; row < Rows && top + row < _visible.Count; row++)
        {
            int i = _visible[top + row];
            var line = lines[i];
            DrawLine(row, line, match == lines.Dropped + i);
        }
    }

    private void DrawLine(int row, ScrollLine line, bool isCurrentMatch)
    {
        int x = 0;
        if (Timestamps)
            x = Put(x, row, line.Time.ToLocalTime().ToString("HH:mm:ss.fff ", CultureInfo.InvariantCulture), Theme.Dim);
        var e = line.Event;
        Attribute attr = line.Source switch
        {
            ScrollLineSource.Marker => Theme.Marker,
            ScrollLineSource.Sent => Theme.Sent,
            _ => e != null ? Theme.For(e.Severity) : Theme.Normal,
        };
        x = Put(x, row, e != null ? Theme.Glyph(e.Severity) + " " : "  ", e != null ? Theme.For(e.Severity) : Theme.Dim);
        string kindLabel = ShowKinds && e != null ? "  ‹" + e.Kind + "›" : "";
        int room = Cols - x - CellWidth(kindLabel);
        string text = Clip(line.Text, Math.Max(1, room));
        if (isCurrentMatch)
        {
            x = Put(x, row, text, Theme.Selected);
        }
        else if (Search != null && line.Source == ScrollLineSource.Received)
        {
            x = PutHighlighted(x, row, text, attr);
        }
        else
        {
            x = Put(x, row, text, attr);
        }
        if (kindLabel.Length > 0) Put(x, row, kindLabel, Theme.Kind);
    }

    private int PutHighlighted(int x, int row, string text, Attribute attr)
    {
        int pos = 0;
        try
        {
            foreach (System.Text.RegularExpressions.Match m in Search!.Regex.Matches(text))
            {
                if (m.Length == 0) continue;
                x = Put(x, row, text[pos..m.Index], attr);
                x = Put(x, row, m.Value, Theme.Match);
                pos = m.Index + m.Length;
            }
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
        }
        return Put(x, row, text[pos..], attr);
    }

    private void DrawHex()
    {
        var bytes = _session.Bytes;
        var (offset, data) = bytes.Tail(Rows * HexBytesPerRow);
        if (data.Length == 0)
        {
            Put(1, 0, "no bytes received yet", Theme.Dim);
            return;
        }
        long start = offset - offset % HexBytesPerRow;
        int skip = (int)(offset - start);
        int total = skip + data.Length;
        int rows = (total + HexBytesPerRow - 1) / HexBytesPerRow;
        int firstRow = Math.Max(0, rows - Rows);
        for (int r = firstRow; r < rows; r++)
        {
            int y = r - firstRow;
            int x = Put(0, y, (start + r * HexBytesPerRow).ToString("x8", CultureInfo.InvariantCulture) + "  ", Theme.Dim);
            var ascii = new StringBuilder();
            for (int c = 0; c < HexBytesPerRow; c++)
            {
                int k = r * HexBytesPerRow + c - skip;
                if (k < 0 || k >= data.Length)
                {
                    x = Put(x, y, "   ", Theme.Normal);
                    ascii.Append(' ');
                    continue;
                }
                byte b = data[k];
                var attr = b is 0x0d or 0x0a ? Theme.Kind : b is >= 0x20 and < 0x7f ? Theme.Normal : Theme.Address;
                x = Put(x, y, b.ToString("x2", CultureInfo.InvariantCulture) + (c == 7 ? "  " : " "), attr);
                ascii.Append(b is >= 0x20 and < 0x7f ? (char)b : '.');
            }
            Put(x + 1, y, "│" + ascii + "│", Theme.Dim);
        }
    }
}
