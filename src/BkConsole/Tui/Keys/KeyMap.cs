using Terminal.Gui.Input;

namespace BkConsole.Tui.Keys;

/// <summary>One row of the key table: the keys, the command, and what F1 help says about it.</summary>
public sealed record KeyBinding(MonitorCommand Command, IReadOnlyList<Key> Keys, string Help)
{
    public string KeysText => string.Join(" ", Keys.Select(Display));

    public static string Display(Key key)
    {
        var text = key.ToString();
        return text switch
        {
            "CursorUp" => "↑",
            "CursorDown" => "↓",
            _ => text,
        };
    }
}

/// <summary>
/// THE key table of the live terminal (style.md rule 12): every key, the command it runs and its help text. The
/// window dispatches through it, F1 lists it, tests walk it. Letters act when the log has focus and no prompt is
/// open; function keys and Ctrl combinations always.
/// </summary>
public sealed class KeyMap
{
    public static KeyMap Default { get; } = new(
    [
        new(MonitorCommand.Help, [Key.F1, Key.H, new Key('?')], "this help"),
        new(MonitorCommand.Dump, [Key.F2, Key.D], "dump the whole flash (asks once: log port, other UART or CH341A SPI)"),
        new(MonitorCommand.Search, [Key.F.WithCtrl, new Key('/')], "search the scrollback (regular expression)"),
        new(MonitorCommand.SearchNext, [Key.F3, Key.N], "next match"),
        new(MonitorCommand.SearchPrevious, [Key.F3.WithShift, Key.N.WithShift], "previous match"),
        new(MonitorCommand.FilterSeverity, [Key.F4, Key.F], "filter by severity: all → notice+ → warning+ → error+"),
        new(MonitorCommand.FilterKind, [Key.F5, Key.K.WithShift], "filter by event kind (text, e.g. fal. or boot.jump)"),
        new(MonitorCommand.ClearFilter, [Key.C], "clear filter and search"),
        new(MonitorCommand.Pause, [Key.F6, Key.P, Key.Space], "pause / resume the screen (capture goes on)"),
        new(MonitorCommand.HexView, [Key.F7, Key.X], "hex view of the raw bytes"),
        new(MonitorCommand.ShowKinds, [Key.K], "show the event kind beside each event line"),
        new(MonitorCommand.AllEvents, [Key.A], "events pane: key events only / every event of the boot"),
        new(MonitorCommand.DebugEvents, [Key.V], "events pane: show / hide debug events (boot.registers…)"),
        new(MonitorCommand.Timestamps, [Key.T], "toggle host timestamps"),
        new(MonitorCommand.SendLine, [Key.F8, Key.S], "send a line to the device"),
        new(MonitorCommand.ChangeBaud, [Key.F9, Key.B], "change the baud rate"),
        new(MonitorCommand.ResetPulse, [Key.F10, Key.R], "reset the chip with a DTR/RTS pulse"),
        new(MonitorCommand.ScrollUp, [Key.CursorUp], "scroll up one line"),
        new(MonitorCommand.ScrollDown, [Key.CursorDown], "scroll down one line"),
        new(MonitorCommand.PageUp, [Key.PageUp], "page up"),
        new(MonitorCommand.PageDown, [Key.PageDown], "page down"),
        new(MonitorCommand.Top, [Key.Home], "oldest line kept"),
        new(MonitorCommand.Follow, [Key.End], "follow the newest line"),
        new(MonitorCommand.Cancel, [Key.Esc], "close help / prompt / dialog"),
        new(MonitorCommand.Quit, [Key.Q.WithCtrl], "quit"),
    ]);

    private readonly Dictionary<Key, MonitorCommand> _byKey = [];

    public KeyMap(IReadOnlyList<KeyBinding> bindings)
    {
        Bindings = bindings;
        foreach (var b in bindings)
        {
            foreach (var k in b.Keys)
            {
                if (!_byKey.TryAdd(k, b.Command))
                    throw new ArgumentException($"key {k} is bound twice ({_byKey[k]} and {b.Command})");
            }
        }
    }

    public IReadOnlyList<KeyBinding> Bindings { get; }

    public bool TryGet(Key key, out MonitorCommand command) => _byKey.TryGetValue(key, out command);

    public KeyBinding For(MonitorCommand command) => Bindings.First(b => b.Command == command);
}
