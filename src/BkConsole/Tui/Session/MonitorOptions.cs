namespace BkConsole.Tui.Session;

/// <summary>Line ending appended to a line sent from the terminal.</summary>
public enum SendLineEnding
{
    CrLf,
    Lf,
    Cr,
}

/// <summary>Everything <c>bkconsole monitor</c> was asked to do, as one record.</summary>
public sealed record MonitorOptions
{
    public required string Port { get; init; }

    public int Baud { get; init; } = 115200;

    /// <summary>Store file; null = the default store in the user data folder.</summary>
    public string? DbPath { get; init; }

    /// <summary>Raw capture file; every received byte is appended to it.</summary>
    public string? LogFile { get; init; }

    public SendLineEnding LineEnding { get; init; } = SendLineEnding.CrLf;

    /// <summary>Show sent lines in the log as they are sent (local echo).</summary>
    public bool Echo { get; init; }

    /// <summary>Lines kept in memory for the log pane (everything is in the store).</summary>
    public int ScrollbackLines { get; init; } = MonitorLimits.DefaultScrollbackLines;

    /// <summary>Name shown for the device (by-id name, or "sim-bk7252" in the demo).</summary>
    public string? DeviceName { get; init; }

    public static byte[] EndingBytes(SendLineEnding ending) => ending switch
    {
        SendLineEnding.Lf => "\n"u8.ToArray(),
        SendLineEnding.Cr => "\r"u8.ToArray(),
        _ => "\r\n"u8.ToArray(),
    };

    public static bool TryParseEnding(string text, out SendLineEnding ending)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "crlf": ending = SendLineEnding.CrLf; return true;
            case "lf": ending = SendLineEnding.Lf; return true;
            case "cr": ending = SendLineEnding.Cr; return true;
            default: ending = SendLineEnding.CrLf; return false;
        }
    }
}
