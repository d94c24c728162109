namespace BkConsole.Tui.Session;

/// <summary>Every interval, deadline and cap of the live terminal, in one place (style.md rule 5).</summary>
public static class MonitorLimits
{
    /// <summary>Lines kept in memory for the log pane.</summary>
    public const int DefaultScrollbackLines = 20_000;

    /// <summary>Raw bytes kept in memory for the hex view.</summary>
    public const int HexHistoryBytes = 64 * 1024;

    /// <summary>Events of the current boot kept for the events pane.</summary>
    public const int CurrentBootEventsCap = 2_000;

    /// <summary>
    /// How often the UI thread drains and redraws when no byte arrives (status rates, message expiry, the idle
    /// flush of a line without its newline). Arriving bytes wake the UI at once instead (see <see cref="MinRedrawInterval"/>).
    /// </summary>
    public static readonly TimeSpan UiTick = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Least time between two data-driven drain-and-draw passes: bytes arriving faster are batched into the next
    /// pass, while a lone line is drawn at once.
    /// </summary>
    public static readonly TimeSpan MinRedrawInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>Most time between two passes while bytes keep arriving, whatever drawing costs (the latency bound).</summary>
    public static readonly TimeSpan MaxRedrawInterval = TimeSpan.FromMilliseconds(60);

    /// <summary>
    /// Share of one core that drawing may take during a flood: the pass interval stretches to (draw cost ÷ this),
    /// between <see cref="MinRedrawInterval"/> and <see cref="MaxRedrawInterval"/>. Terminal.Gui costs about a
    /// microsecond per cell written, and a scrolling log rewrites its whole pane every frame.
    /// </summary>
    public const double DrawBudget = 0.12;

    /// <summary>
    /// Terminal.Gui's main loop sleeps between iterations up to 1 s / this (its default, 25, is 40 ms); a wake-up
    /// from the reader waits for the next iteration, so this bounds how soon it is seen. Idle iterations are cheap.
    /// </summary>
    public const int UiIterationsPerSecond = 100;

    /// <summary>The boots pane is redrawn at least this often while events arrive (the current boot's running time).</summary>
    public static readonly TimeSpan BootsRefresh = TimeSpan.FromSeconds(1);

    /// <summary>Size of one read from the port.</summary>
    public const int ReadBufferBytes = 64 * 1024;

    /// <summary>A read shorter than this is followed by <see cref="ReadCoalesce"/> so bytes arrive in fewer, larger chunks.</summary>
    public const int CoalesceBelowBytes = 4 * 1024;

    /// <summary>How long the reader lets bytes gather after a short read (well inside the 100 ms byte-to-view goal).</summary>
    public static readonly TimeSpan ReadCoalesce = TimeSpan.FromMilliseconds(8);

    /// <summary>Pause between attempts to reopen a port that went away.</summary>
    public static readonly TimeSpan ReconnectInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a DTR/RTS reset holds the chip in reset.</summary>
    public static readonly TimeSpan ResetPulse = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest a write to the device may take before it is abandoned.</summary>
    public static readonly TimeSpan WriteDeadline = TimeSpan.FromSeconds(2);

    /// <summary>How long a release waits for the read to notice cancellation before closing the port under it.</summary>
    public static readonly TimeSpan ReleaseGrace = TimeSpan.FromMilliseconds(300);

    /// <summary>Longest the reader may take to let go of the port when a dump needs it.</summary>
    public static readonly TimeSpan ReleaseDeadline = TimeSpan.FromSeconds(3);

    /// <summary>Window over which bytes/s and lines/s are averaged.</summary>
    public static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(1);

    /// <summary>How long a status message stays in the status bar.</summary>
    public static readonly TimeSpan MessageLifetime = TimeSpan.FromSeconds(8);

    /// <summary>Diagnosis runs at most this often while events keep coming (it looks at whole boots).</summary>
    public static readonly TimeSpan FindingsInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Most lines one drain hands to the views; the rest waits for the next tick (keeps the UI responsive).</summary>
    public const int MaxBytesPerDrain = 4 * 1024 * 1024;
}
