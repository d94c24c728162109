using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace BkConsole.Tui.Panes;

/// <summary>
/// A one-line question at the bottom of the screen (search pattern, line to send, baud, flash port). Enter
/// answers, Esc cancels; while it is open, letters go to it and not to the key table.
/// </summary>
public sealed class PromptBar : View
{
    private readonly Label _label;
    private readonly TextField _field;
    private Action<string>? _onAnswer;

    public PromptBar()
    {
        Height = 1;
        Visible = false;
        CanFocus = true;
        _label = new Label { X = 0, Y = 0 };
        _field = new TextField { X = Pos.Right(_label), Y = 0, Width = Dim.Fill() };
        Add(_label, _field);
    }

    public bool IsOpen => Visible;

    public string Question => _label.Text;

    public void Ask(string question, string initial, Action<string> onAnswer)
    {
        _label.Text = question + " ";
        _field.Text = initial;
        _onAnswer = onAnswer;
        Visible = true;
        _field.SetFocus();
        _field.MoveEnd();
    }

    public void Close()
    {
        Visible = false;
        _onAnswer = null;
    }

    protected override bool OnKeyDown(Key key)
    {
        if (!Visible) return false;
        if (key == Key.Esc)
        {
            Close();
            return true;
        }
        if (key == Key.Enter)
        {
            var answer = _field.Text;
            var callback = _onAnswer;
            Close();
            callback?.Invoke(answer);
            return true;
        }
        return false;
    }
}
