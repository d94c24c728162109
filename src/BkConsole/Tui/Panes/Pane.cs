using System.Globalization;
using System.Text;
using Terminal.Gui.Drawing;
using Terminal.Gui.ViewBase;
using Attribute = Terminal.Gui.Drawing.Attribute;

namespace BkConsole.Tui.Panes;

/// <summary>
/// Base of the live terminal's panes: a framed view that draws its own rows. Subclasses implement
/// <see cref="DrawRows"/> with <see cref="Put"/>; rows are clipped to the width and padded.
/// </summary>
/// <remarks>
/// The pane draws its rounded frame and title itself (<c>╭┤Title├──╮</c>, as Terminal.Gui's
/// <see cref="LineStyle.Rounded"/> border looks) instead of using a Terminal.Gui border: a bordered view rebuilds
/// and redraws its border through the line canvas every time its content changes, which during a 2 Mbaud flood
/// cost more than drawing the log itself (perf: ~20 % of the monitor's samples in RenderLineCanvas, adornments
/// and their regions). Drawn here, an unchanged frame is ~280 cells that <see cref="CellWriter"/> finds already on
/// the screen.
/// </remarks>
public abstract class Pane : View
{
    private const int Edge = 1;
    private string _blank = "";
    private string _rule = "";

    protected Pane(string title)
    {
        Title = title;
        BorderStyle = LineStyle.None;
        CanFocus = false;
        TitleChanged += (_, _) => SetNeedsDraw();
        HasFocusChanged += (_, _) => SetNeedsDraw();
    }

    /// <summary>Rows inside the frame.</summary>
    protected int Rows => Math.Max(0, Viewport.Height - 2 * Edge);

    /// <summary>Columns inside the frame.</summary>
    protected int Cols => Math.Max(0, Viewport.Width - 2 * Edge);

    /// <summary>The pane paints every cell of its viewport itself (<see cref="OnDrawingContent"/>): no separate clear.</summary>
    protected override bool OnClearingViewport() => true;

    /// <summary>
    /// Draws the frame and the rows, then blanks only what the rows left: every cell is written once per frame
    /// (clearing first and writing again doubled a frame's cost), most of them through <see cref="CellWriter"/>.
    /// </summary>
    protected override bool OnDrawingContent(DrawContext? context)
    {
        DrawFrame();
        int rows = Rows;
        if (_rowEnd.Length != rows) _rowEnd = new int[rows];
        Array.Clear(_rowEnd);
        DrawRows();
        for (int y = 0; y < rows; y++) Blank(y, _rowEnd[y], Cols);
        return true;
    }

    private int[] _rowEnd = [];

    /// <summary><c>╭┤Title├───╮</c>, <c>│</c> on both sides, <c>╰───╯</c>; the title in the focus colour while the pane has focus.</summary>
    private void DrawFrame()
    {
        int width = Viewport.Width, height = Viewport.Height;
        if (width < 2 || height < 2) return;
        var line = GetAttributeForRole(VisualRole.Normal);
        if (_rule.Length < width) _rule = new string('─', width);
        string title = string.IsNullOrEmpty(Title) || width < 5 ? "" : Clip(Title, width - 4);
        int x = WriteAt(0, 0, "╭", line);
        if (title.Length > 0)
        {
            x = WriteAt(x, 0, "┤", line);
            x = WriteAt(x, 0, title, GetAttributeForRole(HasFocus ? VisualRole.Focus : VisualRole.Normal));
            x = WriteAt(x, 0, "├", line);
        }
        if (width - 1 > x) WriteAt(x, 0, _rule[..(width - 1 - x)], line);
        WriteAt(width - 1, 0, "╮", line);
        for (int y = 1; y < height - 1; y++)
        {
            WriteAt(0, y, "│", line);
            WriteAt(width - 1, y, "│", line);
        }
        WriteAt(0, height - 1, "╰", line);
        if (width > 2) WriteAt(1, height - 1, _rule[..(width - 2)], line);
        WriteAt(width - 1, height - 1, "╯", line);
    }

    private int WriteAt(int x, int y, string text, Attribute attribute)
    {
        CellWriter.Write(this, x, y, text, attribute);
        return x + CellWidth(text);
    }

    private void Blank(int y, int from, int to)
    {
        if (from >= to) return;
        if (_blank.Length < to - from) _blank = new string(' ', Math.Max(to - from, Cols));
        Write(from, y, from == 0 && to - from == _blank.Length ? _blank : _blank[..(to - from)], Theme.Normal);
    }

    /// <summary>Puts already clipped text at (x, y) inside the frame.</summary>
    private void Write(int x, int y, string text, Attribute attribute) => CellWriter.Write(this, x + Edge, y + Edge, text, attribute);

    protected abstract void DrawRows();

    /// <summary>Writes <paramref name="text"/> at (x, y) clipped to the pane; returns the next column.</summary>
    protected int Put(int x, int y, string text, Attribute attribute)
    {
        if (y < 0 || y >= Rows || x >= Cols || string.IsNullOrEmpty(text)) return x;
        var clipped = Clip(text, Cols - x);
        // a gap left of x would keep the previous frame's cells: blank it
        if (x > _rowEnd[y]) Blank(y, _rowEnd[y], x);
        Write(x, y, clipped, attribute);
        int end = x + CellWidth(clipped);
        if (end > _rowEnd[y]) _rowEnd[y] = end;
        return end;
    }

    /// <summary>Display width in cells (wide glyphs count 2, control characters 0 after sanitising).</summary>
    public static int CellWidth(string text)
    {
        int w = 0;
        foreach (var r in text.EnumerateRunes()) w += RuneWidth(r);
        return w;
    }

    /// <summary>Cuts text to <paramref name="cells"/> columns, ending with … when cut.</summary>
    public static string Clip(string text, int cells)
    {
        if (cells <= 0) return "";
        text = Printable(text);
        if (CellWidth(text) <= cells) return text;
        var sb = new StringBuilder();
        int w = 0;
        foreach (var r in text.EnumerateRunes())
        {
            int rw = RuneWidth(r);
            if (w + rw > cells - 1) break;
            sb.Append(r.ToString());
            w += rw;
        }
        sb.Append('…');
        return sb.ToString();
    }

    /// <summary>Control characters (NUL runs, stray CR, BEL) shown as a dim dot so they cannot move the cursor.</summary>
    public static string Printable(string text)
    {
        bool clean = true;
        foreach (var c in text)
        {
            if (char.IsControl(c) || c == '\uFFFD') { clean = false; break; }
        }
        if (clean) return text;
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c == '\t') sb.Append("    ");
            else if (char.IsControl(c)) sb.Append('·');
            else sb.Append(c);
        }
        return sb.ToString();
    }

    private static int RuneWidth(Rune r)
    {
        if (r.Value < 0x1100) return 1;
        var cat = Rune.GetUnicodeCategory(r);
        if (cat is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format) return 0;
        // CJK, Hangul, full-width forms and emoji take two cells
        return r.Value is >= 0x1100 and <= 0x115F or >= 0x2E80 and <= 0xA4CF or >= 0xAC00 and <= 0xD7A3
            or >= 0xF900 and <= 0xFAFF or >= 0xFE30 and <= 0xFE4F or >= 0xFF00 and <= 0xFF60 or >= 0xFFE0 and <= 0xFFE6
            or >= 0x1F300 and <= 0x1FAFF or >= 0x20000 and <= 0x3FFFD ? 2 : 1;
    }
}
