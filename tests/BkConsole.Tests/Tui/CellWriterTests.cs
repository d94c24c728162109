using System.Drawing;
using BkConsole.Tests.Tui.Support;
using BkConsole.Tui;
using BkConsole.Tui.Keys;
using BkConsole.Tui.Panes;
using Terminal.Gui.App;
using Terminal.Gui.Drawing;
using Terminal.Gui.Drivers;
using Terminal.Gui.Input;
using Terminal.Gui.Time;
using Attribute = Terminal.Gui.Drawing.Attribute;

namespace BkConsole.Tests.Tui;

[Collection(UiCollection.Name)]
public sealed class CellWriterTests
{
    private const int Cols = 40;
    private const int Rows = 5;

    private static IApplication NewApp()
    {
        var app = Application.Create(new VirtualTimeProvider());
        app.Init("ansi");
        app.Driver!.SetScreenSize(Cols, Rows);
        app.Driver.Clip = new Region(new Rectangle(0, 0, Cols, Rows));
        return app;
    }

    /// <summary>As after a frame was sent: nothing pending.</summary>
    private static void MarkSent(IDriver driver)
    {
        var contents = driver.Contents!;
        for (int y = 0; y < Rows; y++)
        for (int x = 0; x < Cols; x++)
            contents[y, x].IsDirty = false;
        Array.Clear(driver.GetOutputBuffer().DirtyLines);
    }

    private static string RowText(IDriver driver, int y, int from, int length) =>
        string.Concat(Enumerable.Range(from, length).Select(x => driver.Contents![y, x].Grapheme));

    [Fact]
    public void A_run_of_plain_text_lands_in_the_cells_with_its_colour_and_only_its_row_is_dirty()
    {
        using var app = NewApp();
        var driver = app.Driver!;
        MarkSent(driver);

        Assert.True(CellWriter.TryWrite(driver, 2, 1, "seq=42 ✖ ‹boot.jump› …", Theme.Kind));

        Assert.Equal("seq=42 ✖ ‹boot.jump› …", RowText(driver, 1, 2, 22));
        Assert.All(Enumerable.Range(2, 22), x => Assert.Equal(Theme.Kind, driver.Contents![1, x].Attribute));
        Assert.All(Enumerable.Range(2, 22), x => Assert.True(driver.Contents![1, x].IsDirty));
        Assert.Equal([false, true, false, false, false], driver.GetOutputBuffer().DirtyLines);
    }

    [Fact]
    public void The_cells_match_what_Terminal_Gui_AddStr_writes()
    {
        const string text = "[E/FAL] ✖ • ◆ ▲ · ‹a› │ … äöü ─ Ω";
        var attribute = new Attribute(ColorName16.BrightRed, ColorName16.Black);
        using var viaAddStr = NewApp();
        viaAddStr.Driver!.Move(3, 2);
        viaAddStr.Driver.SetAttribute(attribute);
        viaAddStr.Driver.AddStr(text);
        using var viaWriter = NewApp();

        Assert.True(CellWriter.TryWrite(viaWriter.Driver, 3, 2, text, attribute));

        for (int x = 0; x < Cols; x++)
        {
            Assert.Equal(viaAddStr.Driver.Contents![2, x].Grapheme, viaWriter.Driver!.Contents![2, x].Grapheme);
            if (x is >= 3 and < 3 + 33) Assert.Equal(attribute, viaWriter.Driver.Contents[2, x].Attribute);
        }
        Assert.Equal(viaAddStr.Driver.ToString(), viaWriter.Driver!.ToString());
    }

    [Fact]
    public void A_cell_already_showing_the_same_character_and_colour_is_not_sent_again()
    {
        using var app = NewApp();
        var driver = app.Driver!;
        Assert.True(CellWriter.TryWrite(driver, 0, 0, "seq=00000041 payload", Theme.Normal));
        MarkSent(driver);

        Assert.True(CellWriter.TryWrite(driver, 0, 0, "seq=00000042 payload", Theme.Normal));

        var dirty = Enumerable.Range(0, Cols).Where(x => driver.Contents![0, x].IsDirty).ToArray();
        Assert.Equal([11], dirty);
        Assert.True(driver.GetOutputBuffer().DirtyLines[0]);
        Assert.Equal("seq=00000042 payload", RowText(driver, 0, 0, 20));
    }

    [Fact]
    public void The_same_character_in_another_colour_is_sent_again()
    {
        using var app = NewApp();
        var driver = app.Driver!;
        Assert.True(CellWriter.TryWrite(driver, 0, 0, "abc", Theme.Normal));
        MarkSent(driver);

        Assert.True(CellWriter.TryWrite(driver, 0, 0, "abc", Theme.Selected));

        Assert.All(Enumerable.Range(0, 3), x => Assert.True(driver.Contents![0, x].IsDirty));
    }

    [Fact]
    public void An_unchanged_row_stays_clean()
    {
        using var app = NewApp();
        var driver = app.Driver!;
        Assert.True(CellWriter.TryWrite(driver, 0, 3, "nothing new here", Theme.Dim));
        MarkSent(driver);

        Assert.True(CellWriter.TryWrite(driver, 0, 3, "nothing new here", Theme.Dim));

        Assert.False(driver.GetOutputBuffer().DirtyLines[3]);
    }

    [Theory]
    [InlineData("中文")]           // wide
    [InlineData("e\u0301")]        // combining mark
    [InlineData("\U0001F600")]     // surrogate pair (emoji)
    [InlineData("tab\there")]      // control character
    public void Text_the_fast_path_cannot_place_is_refused_and_left_to_Terminal_Gui(string text)
    {
        using var app = NewApp();
        var driver = app.Driver!;
        var before = driver.ToString();

        Assert.False(CellWriter.TryWrite(driver, 0, 0, text, Theme.Normal));
        Assert.Equal(before, driver.ToString());
    }

    [Fact]
    public void A_run_crossing_the_clip_is_refused()
    {
        using var app = NewApp();
        var driver = app.Driver!;
        driver.Clip = new Region(new Rectangle(0, 0, 10, Rows));

        Assert.False(CellWriter.TryWrite(driver, 5, 0, "0123456789", Theme.Normal));
        Assert.True(CellWriter.TryWrite(driver, 0, 0, "0123456789", Theme.Normal));
        Assert.False(CellWriter.TryWrite(driver, 35, 0, "0123456789", Theme.Normal));
    }

    [Fact]
    public void Overwriting_a_wide_glyph_sends_the_cell_under_its_right_half_again()
    {
        using var app = NewApp();
        var driver = app.Driver!;
        driver.Move(4, 0);
        driver.AddStr("中");
        MarkSent(driver);

        Assert.True(CellWriter.TryWrite(driver, 4, 0, "a", Theme.Normal));

        Assert.True(driver.Contents![0, 5].IsDirty);
        // and a run starting right of a wide glyph is left to Terminal.Gui, which repairs the glyph
        driver.Move(10, 0);
        driver.AddStr("中");
        Assert.False(CellWriter.TryWrite(driver, 11, 0, "b", Theme.Normal));
    }

    [Fact]
    public async Task The_help_stays_on_top_while_the_log_scrolls_under_it()
    {
        await using var m = await HeadlessMonitor.StartAsync();
        m.Press(Key.F1);
        var quit = KeyMap.Default.For(MonitorCommand.Quit).Help;
        Assert.Contains(quit, m.Screen());

        for (int i = 0; i < 5; i++)
            await m.ReceiveAsync(string.Concat(Enumerable.Range(i * 60, 60).Select(n => $"XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX line {n}\n")));
        var screen = m.Screen();

        Assert.Contains(quit, screen);
        Assert.Contains("line 299", screen);
        // the help box is 86 wide and centred: its rows show the help, not the log's X runs, in the middle of the screen
        var row = screen.Split('\n').First(l => l.Contains(quit, StringComparison.Ordinal));
        int at = row.IndexOf(quit, StringComparison.Ordinal);
        Assert.DoesNotContain('X', row[(at - 10)..(at + quit.Length)]);
    }
}
