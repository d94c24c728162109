using System.Text;
using BkConsole.Simulator.Uart;

namespace BkConsole.Simulator.Pty;

/// <summary>
/// A Linux pseudo-terminal created in-process (posix_openpt/grantpt/unlockpt/ptsname_r). The simulator owns the
/// master side; hosts open <see cref="SlavePath"/> like any serial port (SerialPort, pyserial, picocom).
/// The master fd is non-blocking: writes never stall the device when nobody reads (a real UART drops bytes too),
/// and a host closing the slave shows up as <see cref="ChannelIo.Hangup"/> (EIO) until someone opens it again.
/// </summary>
public sealed unsafe class PseudoTerminal : IDisposable
{
    private int _fd;

    private PseudoTerminal(int fd, string slavePath)
    {
        _fd = fd;
        SlavePath = slavePath;
    }

    /// <summary>/dev/pts/N.</summary>
    public string SlavePath { get; }

    public int MasterFd => _fd;

    public bool IsDisposed => _fd < 0;

    /// <summary>Creates the pair and puts the slave into raw mode at 115200 8N1 (hosts usually set their own).</summary>
    public static PseudoTerminal Open()
    {
        int fd = LibC.PosixOpenpt(LibC.O_RDWR | LibC.O_NOCTTY);
        if (fd < 0) throw new IOException($"posix_openpt failed (errno {LibC.Errno})");
        try
        {
            if (LibC.Grantpt(fd) != 0) throw new IOException($"grantpt failed (errno {LibC.Errno})");
            if (LibC.Unlockpt(fd) != 0) throw new IOException($"unlockpt failed (errno {LibC.Errno})");
            var name = new byte[256];
            fixed (byte* p = name)
            {
                int rc = LibC.PtsnameR(fd, p, (nuint)name.Length);
                if (rc != 0) throw new IOException($"ptsname_r failed (error {rc})");
            }
            string path = Encoding.ASCII.GetString(name, 0, Array.IndexOf(name, (byte)0));
            int flags = LibC.Fcntl(fd, LibC.F_GETFL, 0);
            if (flags < 0 || LibC.Fcntl(fd, LibC.F_SETFL, flags | LibC.O_NONBLOCK) < 0)
                throw new IOException($"fcntl(O_NONBLOCK) failed (errno {LibC.Errno})");
            var pty = new PseudoTerminal(fd, path);
            pty.MakeSlaveRaw(115200);
            return pty;
        }
        catch
        {
            LibC.Close(fd);
            throw;
        }
    }

    /// <summary>
    /// Raw mode (no echo, no CR/LF translation, 8 bits) on the slave. On Linux the termios ioctls on a master act on
    /// its slave, so no slave fd has to be held open (holding one would hide hangups).
    /// </summary>
    public void MakeSlaveRaw(uint baud)
    {
        var t = stackalloc byte[LibC.TermiosBufferSize];
        if (LibC.Tcgetattr(_fd, t) != 0) throw new IOException($"tcgetattr failed (errno {LibC.Errno})");
        LibC.Cfmakeraw(t);
        LibC.Cfsetspeed(t, BaudCodes.ToCode(baud));
        if (LibC.Tcsetattr(_fd, LibC.TCSANOW, t) != 0) throw new IOException($"tcsetattr failed (errno {LibC.Errno})");
    }

    /// <summary>The baud rate the host configured on the slave (read through the master), or null if unknown.</summary>
    public int? HostBaud
    {
        get
        {
            if (_fd < 0) return null;
            LibC.Termios2 t;
            if (LibC.Ioctl(_fd, LibC.TCGETS2, &t) != 0) return null;
            return BaudCodes.FromCflag(t.Cflag, t.Ospeed);
        }
    }

    /// <summary>Waits up to <paramref name="timeoutMs"/> for input and reads what is there.</summary>
    public ChannelIo Read(Span<byte> buffer, int timeoutMs, out int count)
    {
        count = 0;
        if (_fd < 0) return ChannelIo.Closed;
        var pfd = new LibC.PollFd { Fd = _fd, Events = LibC.POLLIN };
        int rc = LibC.Poll(&pfd, 1, timeoutMs);
        if (rc < 0) return LibC.Errno == LibC.EINTR ? ChannelIo.Timeout : ChannelIo.Closed;
        if (rc == 0) return ChannelIo.Timeout;
        fixed (byte* p = buffer)
        {
            nint n = LibC.Read(_fd, p, (nuint)buffer.Length);
            if (n > 0)
            {
                count = (int)n;
                return ChannelIo.Ok;
            }
            int err = LibC.Errno;
            if (n < 0 && (err == LibC.EAGAIN || err == LibC.EINTR)) return ChannelIo.Timeout;
            return _fd < 0 ? ChannelIo.Closed : ChannelIo.Hangup;
        }
    }

    /// <summary>Writes without blocking; <paramref name="written"/> may be less than asked (pty buffer full).</summary>
    public ChannelIo Write(ReadOnlySpan<byte> data, out int written)
    {
        written = 0;
        if (_fd < 0) return ChannelIo.Closed;
        if (data.IsEmpty) return ChannelIo.Ok;
        fixed (byte* p = data)
        {
            nint n = LibC.Write(_fd, p, (nuint)data.Length);
            if (n >= 0)
            {
                written = (int)n;
                return ChannelIo.Ok;
            }
            int err = LibC.Errno;
            if (err == LibC.EAGAIN || err == LibC.EINTR) return ChannelIo.Ok;
            return ChannelIo.Hangup;
        }
    }

    /// <summary>Waits until the master can take more output (or the timeout passes).</summary>
    public bool WaitWritable(int timeoutMs)
    {
        if (_fd < 0) return false;
        var pfd = new LibC.PollFd { Fd = _fd, Events = LibC.POLLOUT };
        return LibC.Poll(&pfd, 1, timeoutMs) > 0 && (pfd.Revents & LibC.POLLOUT) != 0;
    }

    /// <summary>True while some host has the slave open (a master poll reports POLLHUP when nobody does).</summary>
    public bool HostAttached
    {
        get
        {
            if (_fd < 0) return false;
            var pfd = new LibC.PollFd { Fd = _fd, Events = 0 };
            LibC.Poll(&pfd, 1, 0);
            return (pfd.Revents & LibC.POLLHUP) == 0;
        }
    }

    public void Dispose()
    {
        int fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0) LibC.Close(fd);
    }
}
