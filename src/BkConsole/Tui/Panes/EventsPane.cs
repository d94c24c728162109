using System.Globalization;
using BkConsole.Core.Events;
using BkConsole.Tui.Session;

namespace BkConsole.Tui.Panes;

/// <summary>
/// The events of the current boot, newest at the bottom: kind and key fields (addresses in yellow). Debug events
/// (register dumps such as <c>boot.registers</c>) are hidden until the user asks for them (the <c>v</c> key).
/// </summary>
public sealed class EventsPane : Pane
{
    private const int KindColumn = 30;

    /// <summary>A title whose only change is the running total is refreshed at most this often (a flood of routine events would otherwise redraw the pane every frame).</summary>
    private static readonly TimeSpan TitleRefresh = TimeSpan.FromSeconds(1);

    private readonly BootEvents _events;
    private readonly TimeProvider _time;
    private int _shownCount = -1;
    private LogEvent? _lastShown;
    private int _shownBoot = -1;
    private DateTimeOffset _titleAt = DateTimeOffset.MinValue;

    public EventsPane(BootEvents events, TimeProvider? time = null) : base("Boot events")
    {
        _events = events;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Show every event, not only the key ones (the <c>a</c> key).</summary>
    public bool ShowAll { get; private set; }

    /// <summary>Show debug-severity events too (the <c>v</c> key); hidden by default.</summary>
    public bool ShowDebug { get; private set; }

    public void ToggleAll()
    {
        ShowAll = !ShowAll;
        Changed(force: true);
    }

    public void ToggleDebug()
    {
        ShowDebug = !ShowDebug;
        Changed(force: true);
    }

    /// <summary>
    /// The events that tell a boot's story: notice and above, plus boot structure (bootloader, jump, banners,
    /// partition table verdicts, OTA, resets, crashes, firmware identity). Routine info lines stay in the log;
    /// debug events (register dumps) are never key events.
    /// </summary>
    public static bool IsKey(LogEvent e) =>
        e.Severity >= Severity.Notice
        || (e.Severity > Severity.Debug && KeyPrefixes.Any(p => e.Kind.StartsWith(p, StringComparison.Ordinal)));

    private static readonly string[] KeyPrefixes =
    [
        "boot.", "rtthread.banner", "fal.partition_table", "ota.", "sdk.start_type", "sdk.chip_id", "reset.", "crash.",
        "app.", "power.", "wifi.got_ip", "openbk.safe_mode",
    ];

    /// <summary>Whether the pane lists <paramref name="e"/> with its current switches.</summary>
    public bool Shows(LogEvent e) =>
        e.Severity == Severity.Debug ? ShowDebug && (ShowAll || KeyPrefixes.Any(p => e.Kind.StartsWith(p, StringComparison.Ordinal)))
        : ShowAll || IsKey(e);

    /// <summary>
    /// Called by the window after a drain that added events: redraws when the listed events changed; when only
    /// hidden events arrived, just the title's total moves, at most once per <see cref="TitleRefresh"/>.
    /// </summary>
    public void Changed(bool force = false)
    {
        var items = _events.Items;
        int shown = 0;
        LogEvent? last = null;
        foreach (var e in items)
        {
            if (!Shows(e)) continue;
            shown++;
            last = e;
        }
        bool listChanged = force || shown != _shownCount || !ReferenceEquals(last, _lastShown) || _events.Boot != _shownBoot;
        var now = _time.GetUtcNow();
        if (!listChanged && now - _titleAt < TitleRefresh) return;
        _shownCount = shown;
        _lastShown = last;
        _shownBoot = _events.Boot;
        _titleAt = now;
        var what = (ShowAll ? "all events" : "key events") + (ShowDebug ? " + debug" : "");
        var title = _events.Boot > 0 ? $"Boot #{_events.Boot} — {what} ({shown} of {items.Count + _events.Overflow})" : "Boot events";
        if (Title != title) Title = title;
        if (listChanged) SetNeedsDraw();
    }

    protected override void DrawRows()
    {
        var items = _events.Items.Where(Shows).ToList();
        if (items.Count == 0)
        {
            Put(1, 0, _events.Items.Count == 0 ? "no events yet — they appear as the device boots"
                : $"no {(ShowAll ? "" : "key ")}events to show — {(ShowAll ? "" : "a lists all, ")}v shows debug ones", Theme.Dim);
            return;
        }
        int first = Math.Max(0, items.Count - Rows);
        for (int row = 0; first + row < items.Count && row < Rows; row++)
        {
            var e = items[first + row];
            var sev = Theme.For(e.Severity);
            int x = Put(0, row, Theme.Glyph(e.Severity) + " ", sev);
            x = Put(x, row, e.Kind.PadRight(Math.Min(KindColumn, Math.Max(8, Cols / 2 - 2))) + " ", sev);
            foreach (var f in e.Fields)
            {
                x = Put(x, row, f.Name + "=", Theme.Dim);
                x = Put(x, row, f.Display + " ", f.Type == FieldType.Address ? Theme.Address : Theme.Normal);
            }
            if (e.Fields.Count == 0) Put(x, row, "line " + e.LineNo.ToString(CultureInfo.InvariantCulture), Theme.Dim);
        }
    }
}
