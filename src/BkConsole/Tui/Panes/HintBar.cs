using BkConsole.Tui.Keys;
using Terminal.Gui.ViewBase;

namespace BkConsole.Tui.Panes;

/// <summary>The bottom line: the most used keys, from the key table.</summary>
public sealed class HintBar : View
{
    private static readonly (MonitorCommand Command, string Label)[] Shown =
    [
        (MonitorCommand.Help, "Help"),
        (MonitorCommand.Dump, "Dump"),
        (MonitorCommand.Search, "Search"),
        (MonitorCommand.FilterSeverity, "Filter"),
        (MonitorCommand.Pause, "Pause"),
        (MonitorCommand.HexView, "Hex"),
        (MonitorCommand.SendLine, "Send"),
        (MonitorCommand.ChangeBaud, "Baud"),
        (MonitorCommand.ResetPulse, "Reset"),
        (MonitorCommand.Quit, "Quit"),
    ];

    private readonly KeyMap _keys;

    public HintBar(KeyMap keys)
    {
        _keys = keys;
        Height = 1;
        CanFocus = false;
    }

    /// <summary>The bar paints all its cells itself: no separate clear.</summary>
    protected override bool OnClearingViewport() => true;

    protected override bool OnDrawingContent(DrawContext? context)
    {
        int width = Viewport.Width;
        Move(0, 0);
        int x = 0;
        foreach (var (command, label) in Shown)
        {
            var key = KeyBinding.Display(_keys.For(command).Keys[0]);
            if (x + key.Length + label.Length + 2 > width) break;
            SetAttribute(Theme.HintKey);
            AddStr(key);
            SetAttribute(Theme.HintText);
            AddStr(" " + label + " ");
            x += key.Length + label.Length + 2;
        }
        SetAttribute(Theme.HintText);
        if (x < width) AddStr(new string(' ', width - x));
        return true;
    }
}
