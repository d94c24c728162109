using System.Globalization;
using BkConsole.Core.Events;
using BkConsole.Tui.Session;

namespace BkConsole.Tui.Panes;

/// <summary>The events of the current boot, newest at the bottom: kind and key fields (addresses in yellow).</summary>
public sealed class EventsPane : Pane
{
    private const int KindColumn = 30;
    private readonly BootEvents _events;

    public EventsPane(BootEvents events) : base("Boot events")
    {
        _events = events;
    }

    /// <summary>Show every event, not only the key ones (the <c>a</c> key).</summary>
    public bool ShowAll { get; private set; }

    public void ToggleAll()
    {
        ShowAll = !ShowAll;
        Changed();
    }

    /// <summary>
    /// The events that tell a boot's story: notice and above, plus boot structure (bootloader, jump, banners,
    /// partition table verdicts, OTA, resets, crashes, firmware identity). Routine info lines stay in the log.
    /// </summary>
    public static bool IsKey(LogEvent e) =>
        e.Severity >= Severity.Notice
        || KeyPrefixes.Any(p => e.Kind.StartsWith(p, StringComparison.Ordinal));

    private static readonly string[] KeyPrefixes =
    [
        "boot.", "rtthread.banner", "fal.partition_table", "ota.", "sdk.start_type", "sdk.chip_id", "reset.", "crash.",
        "app.", "power.", "wifi.got_ip", "openbk.safe_mode",
    ];

    public void Changed()
    {
        int shown = ShowAll ? _events.Items.Count : _events.Items.Count(IsKey);
        var what = ShowAll ? "all events" : "key events";
        var title = _events.Boot > 0 ? $"Boot #{_events.Boot} — {what} ({shown} of {_events.Items.Count + _events.Overflow})" : "Boot events";
        if (Title != title) Title = title;
        SetNeedsDraw();
    }

    protected override void DrawRows()
    {
        var items = ShowAll ? _events.Items : _events.Items.Where(IsKey).ToList();
        if (items.Count == 0)
        {
            Put(1, 0, "no events yet — they appear as the device boots", Theme.Dim);
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
