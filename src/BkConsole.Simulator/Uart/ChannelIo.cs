namespace BkConsole.Simulator.Uart;

/// <summary>Outcome of one device-side I/O call on a channel.</summary>
public enum ChannelIo
{
    Ok,
    Timeout,

    /// <summary>No host is attached (pty slave not open, in-memory host disposed): EIO/POLLHUP on a pty master.</summary>
    Hangup,

    /// <summary>The channel itself is gone (unplugged, disposed).</summary>
    Closed,
}
