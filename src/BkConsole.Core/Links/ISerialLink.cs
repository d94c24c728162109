namespace BkConsole.Core.Links;

/// <summary>
/// A byte link to a device: a serial port, a pty, or an in-memory pipe in tests. Reads return what has arrived
/// (at least one byte) or throw <see cref="LinkLostException"/> when the device went away (unplug, pty hangup).
/// Implementations must be safe for one reader and one writer on different threads.
/// </summary>
public interface ISerialLink : IAsyncDisposable
{
    string PortName { get; }

    int BaudRate { get; }

    /// <summary>Change the host side's baud rate while open.</summary>
    void SetBaudRate(int baud);

    ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken);

    ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>Drop whatever has been received and not yet read.</summary>
    void DiscardInput();

    /// <summary>DTR/RTS control, or null when the port has none (a pty); <see cref="ModemLinesUnavailableReason"/> says why.</summary>
    IModemLines? ModemLines { get; }

    string? ModemLinesUnavailableReason { get; }
}

public interface IModemLines
{
    void SetDtr(bool asserted);

    void SetRts(bool asserted);
}

/// <summary>The device disappeared (EIO / hangup / unplug). Whatever was read before is still valid.</summary>
public sealed class LinkLostException : IOException
{
    public LinkLostException(string port, Exception? inner = null)
        : base($"{port}: device went away (unplugged or hung up)", inner)
    {
        Port = port;
    }

    public string Port { get; }
}
