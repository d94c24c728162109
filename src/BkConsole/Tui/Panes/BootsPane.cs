using System.Globalization;
using BkConsole.Core.Events;
using BkConsole.Tui.Session;

namespace BkConsole.Tui.Panes;

/// <summary>The boots of this session: number, firmware, reset reason, jump address, duration.</summary>
public sealed class BootsPane : Pane
{
    private readonly BootList _boots;
    private readonly TimeProvider _time;

    public BootsPane(BootList boots, TimeProvider time) : base("Boots")
    {
        _boots = boots;
        _time = time;
    }

    public void Changed()
    {
        var title = $"Boots ({_boots.Items.Count})";
        if (Title != title) Title = title;
        SetNeedsDraw();
    }

    protected override void DrawRows()
    {
        Put(0, 0, "  #  firmware / bootloader     reset      jump      time", Theme.Heading);
        var items = _boots.Items;
        if (items.Count == 0)
        {
            Put(1, 1, "no boot seen yet (reset the device: F10)", Theme.Dim);
            return;
        }
        int rows = Rows - 1;
        int first = Math.Max(0, items.Count - rows);
        for (int row = 0; first + row < items.Count && row < rows; row++)
        {
            var b = items[first + row];
            bool current = first + row == items.Count - 1;
            var attr = current ? Theme.For(Severity.Info) : Theme.Normal;
            int x = Put(0, row + 1, (current ? "▶" : " ") + b.Index.ToString(CultureInfo.InvariantCulture).PadLeft(3) + "  ", attr);
            string fw = b.Firmware ?? b.Bootloader ?? "?";
            if (b.Firmware != null && b.Bootloader != null) fw = b.Firmware + " / " + b.Bootloader;
            x = Put(x, row + 1, Clip(fw, 26).PadRight(27), attr);
            var reset = b.ResetReason ?? "—";
            x = Put(x, row + 1, Clip(reset, 10).PadRight(11), reset is "watchdog" or "crash_undefined" or "crash_data_abort" or "crash_prefetch_abort" ? Theme.For(Severity.Warning) : attr);
            x = Put(x, row + 1, (b.Jump is { } j ? "0x" + j.ToString("x", CultureInfo.InvariantCulture) : "—").PadRight(10), Theme.Address);
            Put(x, row + 1, Duration(b, current), Theme.Dim);
        }
    }

    private string Duration(BootRecord b, bool current)
    {
        if (b.Start is not { } start) return "";
        var end = b.End ?? (current ? _time.GetUtcNow() : start);
        var d = end - start;
        if (d < TimeSpan.Zero) d = TimeSpan.Zero;
        return d.TotalSeconds < 60 ? d.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s"
            : d.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture);
    }
}
