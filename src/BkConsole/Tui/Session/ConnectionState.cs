namespace BkConsole.Tui.Session;

/// <summary>What the status bar says about the port.</summary>
public enum ConnectionState
{
    Connecting,
    Connected,

    /// <summary>The port went away (unplug, hangup); the reader reopens it at the same path.</summary>
    WaitingForDevice,

    /// <summary>The port is lent to a flash dump; the reader resumes afterwards.</summary>
    Released,
    Closed,
}

public static class ConnectionStateNames
{
    public static string Display(this ConnectionState s) => s switch
    {
        ConnectionState.Connecting => "connecting",
        ConnectionState.Connected => "connected",
        ConnectionState.WaitingForDevice => "waiting for device",
        ConnectionState.Released => "released for dump",
        _ => "closed",
    };
}
