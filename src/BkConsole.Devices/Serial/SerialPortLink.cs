using System.IO.Ports;
using BkConsole.Core.Errors;
using BkConsole.Core.Links;

namespace BkConsole.Devices.Serial;

/// <summary>
/// A real serial port (or pty). <see cref="SerialPort"/> only configures it (8N1, baud, no handshake, raw mode);
/// reads and writes go straight through a second non-blocking file descriptor on the same device, because
/// SerialPort's own Unix I/O loop costs about 1 ms per call (platform-notes.md). One reader thread polls the fd
/// and feeds a <see cref="ReceiveQueue"/>; writes are direct write(2) calls. An flock on the fd keeps a second
/// bkconsole (or tio/picocom, which lock the same way) off the port.
/// </summary>
public sealed class SerialPortLink : ISerialLink
{
    private readonly SerialPort _port;
    private readonly int _fd;
    private readonly ReceiveQueue _received = new();
    private readonly Thread _reader;
    private volatile bool _stopping;
    private int _disposed;

    private SerialPortLink(string portName, SerialPort port, int fd)
    {
        PortName = portName;
        _port = port;
        _fd = fd;
        ModemLines = PosixModemLines.Probe(fd, portName, out var reason);
        ModemLinesUnavailableReason = reason;
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "serial-reader " + portName };
        _reader.Start();
    }

    public string PortName { get; }

    public int BaudRate => _port.BaudRate;

    public IModemLines? ModemLines { get; }

    public string? ModemLinesUnavailableReason { get; }

    /// <summary>Bytes received and not yet read.</summary>
    public int BytesAvailable => _received.Count;

    /// <summary>Open <paramref name="portName"/> at <paramref name="baud"/>, 8N1, no handshake; failures become BkException with advice.</summary>
    public static SerialPortLink Open(string portName, int baud)
    {
        if (string.IsNullOrWhiteSpace(portName))
            throw new UsageException("no serial port given", "pass --port, e.g. --port /dev/ttyUSB0; " + PortLister.Describe());
        if (baud <= 0) throw new UsageException($"invalid baud rate {baud}");
        int fd = LibC.Open(portName, LibC.O_RDWR | LibC.O_NOCTTY | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
        if (fd < 0) throw OpenError(portName, LibC.LastError);
        SerialPort? port = null;
        try
        {
            if (LibC.IsATty(fd) != 1) throw OpenError(portName, LibC.ENOTTY);
            if (LibC.Flock(fd, LibC.LOCK_EX | LibC.LOCK_NB) != 0) throw OpenError(portName, LibC.EBUSY, null, fd);
            port = new SerialPort(portName, baud, Parity.None, 8, StopBits.One)
            {
                Handshake = Handshake.None,
                ReadBufferSize = 1 << 20,
                WriteBufferSize = 1 << 16,
            };
            try
            {
                port.Open();
            }
            catch (UnauthorizedAccessException e)
            {
                throw OpenError(portName, LibC.EBUSY, e, fd);
            }
            catch (IOException e)
            {
                throw new BkException($"cannot configure {portName}: {e.Message}",
                    "check that it is a serial adapter and that the baud rate is supported", e);
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw new UsageException($"{portName} refuses baud rate {baud}", "try 115200 or 921600", e);
            }
            LibC.TcFlush(fd, LibC.TCIFLUSH);
            return new SerialPortLink(portName, port, fd);
        }
        catch
        {
            port?.Dispose();
            LibC.Close(fd);
            throw;
        }
    }

    internal static BkException OpenError(string portName, int errno, Exception? inner = null, int ownFd = -1)
    {
        switch (errno)
        {
            case LibC.ENOENT:
                return new BkException($"serial port {portName} not found", PortLister.Describe(), inner);
            case LibC.EACCES:
            case LibC.EPERM:
                return new BkException($"permission denied opening {portName}",
                    "add yourself to the dialout group: sudo usermod -aG dialout $USER, then log in again", inner);
            case LibC.EBUSY:
            case LibC.EAGAIN:
                var holders = PortHolder.Find(portName, ownFd);
                var who = holders.Count == 0 ? "another program" : string.Join(", ", holders);
                return new BkException($"{portName} is busy: held by {who}",
                    "close that program (terminal, ModemManager, another bkconsole) and try again", inner);
            case LibC.ENOTTY:
                return new BkException($"{portName} is not a serial port (not a tty)",
                    "pick a serial device; " + PortLister.Describe(), inner);
            case LibC.ENXIO:
            case LibC.ENODEV:
            case LibC.EIO:
                return new BkException($"{portName} exists but no device answers (unplugged?)",
                    "replug the adapter; " + PortLister.Describe(), inner);
            default:
                return new BkException($"cannot open {portName}: {LibC.Describe(errno)}", PortLister.Describe(), inner);
        }
    }

    public void SetBaudRate(int baud)
    {
        ThrowIfDisposed();
        if (baud == _port.BaudRate) return;
        LibC.TcDrain(_fd); // what was written at the old rate must leave first
        try
        {
            _port.BaudRate = baud;
        }
        catch (Exception e) when (e is IOException or ArgumentOutOfRangeException)
        {
            throw new BkException($"{PortName} refuses baud rate {baud}: {e.Message}",
                "the adapter may not support it (CP2102 tops out near 921600); try a lower rate", e);
        }
    }

    /// <summary>Wait until everything written has left the host (tcdrain).</summary>
    public void Drain()
    {
        ThrowIfDisposed();
        LibC.TcDrain(_fd);
    }

    public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        return _received.ReadAsync(buffer, cancellationToken);
    }

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        WriteAll(data.Span, cancellationToken);
        return ValueTask.CompletedTask;
    }

    public void DiscardInput()
    {
        ThrowIfDisposed();
        LibC.TcFlush(_fd, LibC.TCIFLUSH);
        _received.Clear();
    }

    private unsafe void WriteAll(ReadOnlySpan<byte> data, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + SerialTimeouts.WriteDeadline(data.Length, _port.BaudRate);
        fixed (byte* start = data)
        {
            int done = 0;
            while (done < data.Length)
            {
                ct.ThrowIfCancellationRequested();
                nint n = LibC.Write(_fd, start + done, data.Length - done);
                if (n > 0)
                {
                    done += (int)n;
                    continue;
                }
                int errno = LibC.LastError;
                if (n < 0 && errno == LibC.EINTR) continue;
                if (n < 0 && errno != LibC.EAGAIN) throw Lost(errno);
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"{PortName}: write of {data.Length} bytes stuck ({done} sent)");
                var pfd = new LibC.PollFd { Fd = _fd, Events = LibC.POLLOUT };
                LibC.Poll(&pfd, 1, SerialTimeouts.WritePollMs);
                if ((pfd.Revents & (LibC.POLLERR | LibC.POLLNVAL)) != 0) throw Lost(LibC.EIO);
            }
        }
    }

    private unsafe void ReadLoop()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            fixed (byte* p = buffer)
            {
                while (!_stopping)
                {
                    var pfd = new LibC.PollFd { Fd = _fd, Events = LibC.POLLIN };
                    int r = LibC.Poll(&pfd, 1, SerialTimeouts.ReaderPollMs);
                    if (r < 0)
                    {
                        if (LibC.LastError == LibC.EINTR) continue;
                        throw Lost(LibC.LastError);
                    }
                    if (r == 0) continue;
                    if ((pfd.Revents & LibC.POLLNVAL) != 0) throw Lost(LibC.EIO);
                    nint n = LibC.Read(_fd, p, buffer.Length);
                    if (n > 0)
                    {
                        _received.Append(buffer.AsSpan(0, (int)n));
                        continue;
                    }
                    if (n == 0) throw Lost(LibC.EIO);
                    int errno = LibC.LastError;
                    if (errno is LibC.EAGAIN or LibC.EINTR) continue;
                    throw Lost(errno);
                }
            }
        }
        catch (Exception e)
        {
            _received.Fail(e is LinkLostException or IOException ? e : new LinkLostException(PortName, e));
        }
    }

    private IOException Lost(int errno) => errno is LibC.EIO or LibC.ENXIO or LibC.ENODEV
        ? new LinkLostException(PortName, new IOException(LibC.Describe(errno)))
        : new IOException($"{PortName}: {LibC.Describe(errno)}");

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed != 0, this);

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return ValueTask.CompletedTask;
        _stopping = true;
        _reader.Join(SerialTimeouts.ReaderStop);
        _received.Fail(new ObjectDisposedException(nameof(SerialPortLink)));
        try { _port.Dispose(); } catch (IOException) { }
        LibC.Flock(_fd, LibC.LOCK_UN);
        LibC.Close(_fd);
        return ValueTask.CompletedTask;
    }
}
