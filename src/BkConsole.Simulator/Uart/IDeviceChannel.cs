namespace BkConsole.Simulator.Uart;

/// <summary>
/// The wire as seen from the device: a pty master, or the device end of an in-memory link. Writes never block for
/// long (a UART does not wait for the host); the host's configured baud rate is visible when the medium allows it.
/// </summary>
public interface IDeviceChannel : IDisposable
{
    /// <summary>A name for messages (/dev/pts/N, "in-memory").</summary>
    string Name { get; }

    ChannelIo Read(Span<byte> buffer, int timeoutMs, out int count);

    ChannelIo Write(ReadOnlySpan<byte> data, out int written);

    /// <summary>Waits until more output can be taken, up to the timeout.</summary>
    bool WaitWritable(int timeoutMs);

    /// <summary>The rate the host set on its end, or null when it cannot be known.</summary>
    int? HostBaud { get; }

    bool HostAttached { get; }
}
