using BkConsole.Tests.Tui.Support;
using Terminal.Gui.Input;

namespace BkConsole.Tests.Tui;

/// <summary>The panes draw their own rounded frame and title (no Terminal.Gui border): it must look and behave as the border did.</summary>
[Collection(UiCollection.Name)]
public sealed class PaneFrameTests
{
    [Fact]
    public async Task Each_pane_has_a_rounded_frame_with_its_title_in_the_top_edge()
    {
        await using var m = await HeadlessMonitor.StartAsync(width: 100, height: 20);
        await m.ReceiveAsync("V:BK7252_1.0.14\nJ 0x10000\n");
        var rows = m.Screen().Split('\n').Select(r => r.TrimEnd('\r')).ToArray();

        Assert.StartsWith("╭┤Log├───", rows[0]);
        Assert.Contains("─╮╭┤Boot #1 — key events (2 of 2)├──", rows[0]);
        Assert.EndsWith("─╮", rows[0].TrimEnd());
        Assert.StartsWith("│• V:BK7252_1.0.14", rows[1]);
        Assert.StartsWith("╰────", rows[17]);
        Assert.Contains("─╯╰─", rows[17]);
        Assert.Contains("╭┤Boots (1)├", m.Screen());
        Assert.Contains("╭┤Findings├", m.Screen());
    }

    [Fact]
    public async Task A_new_title_is_drawn_at_once()
    {
        await using var m = await HeadlessMonitor.StartAsync(width: 100, height: 20);
        m.Press(Key.F6);

        Assert.StartsWith("╭┤Log — PAUSED├──", m.Row(0));
        m.Press(Key.F6);
        Assert.StartsWith("╭┤Log├──", m.Row(0));
    }

    [Fact]
    public async Task A_title_too_long_for_the_pane_is_cut_inside_the_frame()
    {
        await using var m = await HeadlessMonitor.StartAsync(width: 60, height: 20);
        m.Window.Events.Title = "Boot #1 — a title far longer than the pane is wide, to be cut";

        var top = m.Row(0);
        Assert.EndsWith("…├╮", top.TrimEnd());
        Assert.Equal(60, top.TrimEnd().Length);
    }

    [Fact]
    public async Task Closing_the_help_puts_back_exactly_what_was_under_it()
    {
        await using var m = await HeadlessMonitor.StartAsync();
        await m.ReceiveAsync(string.Concat(Enumerable.Range(0, 80).Select(n => $"line {n} of the log, long enough to run under the help box\n")));
        var before = m.Screen();
        m.Press(Key.F1);
        Assert.NotEqual(before, m.Screen());

        m.Press(Key.F1);

        Assert.Equal(before, m.Screen());
    }
}
