namespace BkConsole.Devices.Serial;

/// <summary>Every wait of the serial link, named (style rule 5).</summary>
internal static class SerialTimeouts
{
    /// <summary>How long the reader thread's poll sleeps before it looks at the stop flag.</summary>
    public const int ReaderPollMs = 50;

    /// <summary>Slice of a blocked write's poll, so cancellation is seen promptly.</summary>
    public const int WritePollMs = 50;

    /// <summary>A write may take its wire time this many times over before it is called stuck…</summary>
    public const int WriteWireTimeFactor = 4;

    /// <summary>…plus this floor (a USB adapter can stall a few hundred ms when the bus is busy).</summary>
    public static readonly TimeSpan WriteFloor = TimeSpan.FromSeconds(2);

    /// <summary>How long dispose waits for the reader thread.</summary>
    public static readonly TimeSpan ReaderStop = TimeSpan.FromSeconds(1);

    public static TimeSpan WriteDeadline(int bytes, int baud) =>
        WriteFloor + TimeSpan.FromSeconds((double)bytes * 10 / Math.Max(baud, 1200) * WriteWireTimeFactor);
}
