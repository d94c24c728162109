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

    /// <summary>How often the UI thread drains the byte channel and redraws.</summary>
    public static readonly TimeSpan UiTick = TimeSpan.FromMilliseconds(40);

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
