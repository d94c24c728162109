using BkConsole.Core.Events;
using Terminal.Gui.Drawing;
using Attribute = Terminal.Gui.Drawing.Attribute;

namespace BkConsole.Tui;

/// <summary>The colours of the live terminal, in one place: severity colours, markers, highlights.</summary>
public static class Theme
{
    public static readonly Color Background = new(ColorName16.Black);

    public static Attribute Normal { get; } = new(ColorName16.Gray, ColorName16.Black);

    public static Attribute Dim { get; } = new(ColorName16.DarkGray, ColorName16.Black);

    public static Attribute Heading { get; } = new(ColorName16.BrightCyan, ColorName16.Black);

    public static Attribute Marker { get; } = new(ColorName16.BrightMagenta, ColorName16.Black);

    public static Attribute Sent { get; } = new(ColorName16.BrightGreen, ColorName16.Black);

    public static Attribute Kind { get; } = new(ColorName16.Cyan, ColorName16.Black);

    public static Attribute Address { get; } = new(ColorName16.BrightYellow, ColorName16.Black);

    public static Attribute Match { get; } = new(ColorName16.Black, ColorName16.BrightYellow);

    public static Attribute Selected { get; } = new(ColorName16.White, ColorName16.Blue);

    public static Attribute StatusBar { get; } = new(ColorName16.Black, ColorName16.Cyan);

    public static Attribute StatusGood { get; } = new(ColorName16.Black, ColorName16.BrightGreen);

    public static Attribute StatusBad { get; } = new(ColorName16.White, ColorName16.Red);

    public static Attribute StatusWarn { get; } = new(ColorName16.Black, ColorName16.BrightYellow);

    public static Attribute HintKey { get; } = new(ColorName16.Black, ColorName16.Gray);

    public static Attribute HintText { get; } = new(ColorName16.Gray, ColorName16.Black);

    public static Attribute ProgressDone { get; } = new(ColorName16.Black, ColorName16.BrightGreen);

    public static Attribute For(Severity severity) => severity switch
    {
        Severity.Debug => new Attribute(ColorName16.DarkGray, ColorName16.Black),
        Severity.Info => new Attribute(ColorName16.White, ColorName16.Black),
        Severity.Notice => new Attribute(ColorName16.BrightCyan, ColorName16.Black),
        Severity.Warning => new Attribute(ColorName16.BrightYellow, ColorName16.Black),
        Severity.Error => new Attribute(ColorName16.BrightRed, ColorName16.Black),
        _ => new Attribute(ColorName16.White, ColorName16.Red),
    };

    /// <summary>The glyph in the log's marker column for an event line.</summary>
    public static string Glyph(Severity severity) => severity switch
    {
        Severity.Debug => "·",
        Severity.Info => "•",
        Severity.Notice => "◆",
        Severity.Warning => "▲",
        _ => "✖",
    };

    /// <summary>Four-letter severity tag for lists.</summary>
    public static string Tag(Severity severity) => severity switch
    {
        Severity.Debug => "dbg ",
        Severity.Info => "info",
        Severity.Notice => "note",
        Severity.Warning => "warn",
        Severity.Error => "ERR ",
        _ => "CRIT",
    };
}
