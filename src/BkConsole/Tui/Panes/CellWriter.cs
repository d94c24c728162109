using System.Drawing;
using System.Globalization;
using Terminal.Gui.Drawing;
using Terminal.Gui.Drivers;
using Terminal.Gui.Text;
using Terminal.Gui.ViewBase;
using Attribute = Terminal.Gui.Drawing.Attribute;

namespace BkConsole.Tui.Panes;

/// <summary>
/// The panes' fast way into the screen buffer. Terminal.Gui's <c>AddStr</c> costs 1.2–1.7 µs per cell (grapheme
/// split with a string per cell, a lock, region look-ups, width tables, the cell's grapheme check) and a scrolling
/// log rewrites ~4 000 cells a frame. A run of single-cell characters lying wholly inside the current clip is
/// written here instead, straight into the driver's cells (the buffer Terminal.Gui exposes to views as
/// <c>ScreenContents</c>), as prebuilt cells — and a cell that already holds the same character and colour is left
/// alone, so the frame's output (built from dirty cells only) carries just what changed, as curses does. The
/// frame is the same either way; anything else (wide or combining characters, a run cut by an overlapping view or
/// the screen edge, a wide glyph next to the run) returns false and the caller uses <c>AddStr</c>.
/// </summary>
public static class CellWriter
{
    /// <summary>Characters below this may take the fast path (Latin, Greek, Cyrillic, punctuation, arrows, box drawing, shapes, dingbats).</summary>
    private const int FastCharLimit = 0x3000;

    /// <summary>Per character: a cell whose grapheme is that character (built once through Terminal.Gui's own checks), or unknown / not single-cell.</summary>
    private static readonly CellTemplate?[] Templates = new CellTemplate?[FastCharLimit];

    private static readonly CellTemplate NotOneCell = new(default, false);

    /// <summary>Immutable and published by one reference write, so panes drawn on several threads (tests) share the table safely.</summary>
    private sealed class CellTemplate(Cell cell, bool oneCell)
    {
        public readonly Cell Cell = cell;
        public readonly bool OneCell = oneCell;
    }

    /// <summary>Cells written and cells left as they were (already showing the same), since the start: the draw profile reports them.</summary>
    public static long Written { get; private set; }

    /// <inheritdoc cref="Written"/>
    public static long Unchanged { get; private set; }

    /// <summary>
    /// Writes <paramref name="text"/> at screen column <paramref name="x"/>, row <paramref name="y"/> in
    /// <paramref name="attribute"/>, one cell per character; false (nothing written) when the fast path does not
    /// apply and the caller must use Terminal.Gui's <c>AddStr</c>.
    /// </summary>
    public static bool TryWrite(IDriver? driver, int x, int y, string text, Attribute attribute)
    {
        if (text.Length == 0) return true;
        if (driver?.Contents is not { } contents || driver.Clip is not { } clip) return false;
        int rows = contents.GetLength(0);
        int cols = contents.GetLength(1);
        if (y < 0 || y >= rows || x < 0 || x + text.Length > cols) return false;
        if (!clip.Contains(new Rectangle(x, y, text.Length, 1))) return false;
        foreach (char c in text)
        {
            if (!Template(c).OneCell) return false;
        }
        // a wide glyph just left of the run would lose its right half: Terminal.Gui's own path repairs that
        if (x > 0 && !IsOneCell(contents[y, x - 1].Grapheme)) return false;
        var dirtyLines = driver.GetOutputBuffer().DirtyLines;
        bool changed = false;
        long written = 0;
        for (int i = 0; i < text.Length; i++)
        {
            ref Cell cell = ref contents[y, x + i];
            var template = Templates[text[i]]!.Cell;
            // already on the screen (string.Equals tries the shared template instance first)
            if (cell.Attribute == attribute && string.Equals(cell.Grapheme, template.Grapheme, StringComparison.Ordinal))
                continue;
            // the old grapheme may have been wide: its right half (the next cell) must be sent again too
            bool oldMayBeWide = !IsOneCell(cell.Grapheme);
            cell = template;
            cell.Attribute = attribute;
            written++;
            changed = true;
            if (oldMayBeWide && x + i + 1 < cols) contents[y, x + i + 1].IsDirty = true;
        }
        if (changed && y < dirtyLines.Length) dirtyLines[y] = true;
        Written += written;
        Unchanged += text.Length - written;
        return true;
    }

    /// <summary>
    /// Puts <paramref name="text"/> at <paramref name="view"/>'s viewport (x, y): straight into the cells when it can
    /// (<see cref="TryWrite"/>), else through Terminal.Gui's <c>Move</c>, <c>SetAttribute</c> and <c>AddStr</c>.
    /// </summary>
    public static void Write(View view, int x, int y, string text, Attribute attribute)
    {
        var screen = view.ViewportToScreen(new Point(x, y));
        if (TryWrite(view.App?.Driver, screen.X, screen.Y, text, attribute)) return;
        view.Move(x, y);
        view.SetAttribute(attribute);
        view.AddStr(text);
    }

    private static bool IsOneCell(string? grapheme) =>
        string.IsNullOrEmpty(grapheme) || grapheme.Length == 1 && Template(grapheme[0]).OneCell;

    private static CellTemplate Template(char c)
    {
        if (c >= FastCharLimit) return NotOneCell;
        return Templates[c] ??= Build(c);
    }

    /// <summary>A single-cell character: printable, not a surrogate or mark, one column by Terminal.Gui's own measure, unchanged by its cell's normalisation.</summary>
    private static CellTemplate Build(char c)
    {
        var s = c.ToString();
        if (char.IsControl(c) || char.IsSurrogate(c)) return NotOneCell;
        var category = CharUnicodeInfo.GetUnicodeCategory(c);
        if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
            or UnicodeCategory.Format or UnicodeCategory.OtherNotAssigned or UnicodeCategory.PrivateUse)
            return NotOneCell;
        if (s.GetColumns() != 1 || s.MakePrintable() != s) return NotOneCell;
        var cell = new Cell { Grapheme = s, IsDirty = true };
        if (cell.Grapheme != s) return NotOneCell;
        // one string instance per character, so an unchanged cell is usually recognised by reference
        return new CellTemplate(cell, true);
    }
}
