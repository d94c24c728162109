namespace BkConsole.Logs.Lines;

/// <summary>Named intervals of the line layer, in one place (style.md §5).</summary>
public static class LineTimeouts
{
    /// <summary>
    /// A partial line is flushed after this much silence. 150 ms is long enough that a 115200-baud line is never cut
    /// by a scheduling hiccup and short enough that a prompt (<c>msh /></c>) shows at once.
    /// </summary>
    public static readonly TimeSpan IdleFlush = TimeSpan.FromMilliseconds(150);
}
