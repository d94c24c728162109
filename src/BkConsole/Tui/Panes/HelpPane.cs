using BkConsole.Tui.Keys;

namespace BkConsole.Tui.Panes;

/// <summary>F1: every key of the key table and what it does.</summary>
public sealed class HelpPane : Pane
{
    private readonly KeyMap _keys;

    public HelpPane(KeyMap keys) : base("Keys — F1 or Esc closes")
    {
        _keys = keys;
        Visible = false;
    }

    public int ContentHeight => _keys.Bindings.Count + 3;

    protected override void DrawRows()
    {
        int keyWidth = _keys.Bindings.Max(b => b.KeysText.Length) + 2;
        int row = 0;
        foreach (var b in _keys.Bindings)
        {
            int x = Put(1, row, b.KeysText.PadRight(keyWidth), Theme.Heading);
            Put(x, row, b.Help, Theme.Normal);
            row++;
        }
        Put(1, row + 1, "Letters act when no prompt is open; everything received is also in the store.", Theme.Dim);
    }
}
