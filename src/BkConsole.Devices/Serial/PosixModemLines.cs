using BkConsole.Core.Links;

namespace BkConsole.Devices.Serial;

/// <summary>DTR/RTS through TIOCMBIS/TIOCMBIC on the port's file descriptor.</summary>
internal sealed class PosixModemLines : IModemLines
{
    private readonly int _fd;
    private readonly string _port;

    private PosixModemLines(int fd, string port)
    {
        _fd = fd;
        _port = port;
    }

    /// <summary>The lines of this fd, or null with the reason when the device has none (a pty answers ENOTTY).</summary>
    public static IModemLines? Probe(int fd, string port, out string? unavailableReason)
    {
        int bits = 0;
        if (LibC.Ioctl(fd, LibC.TIOCMGET, ref bits) == 0)
        {
            unavailableReason = null;
            return new PosixModemLines(fd, port);
        }
        int errno = LibC.LastError;
        unavailableReason = errno == LibC.ENOTTY || errno == 22 /* EINVAL */
            ? "DTR/RTS not available on a pseudo-terminal"
            : $"DTR/RTS not available: {LibC.Describe(errno)}";
        return null;
    }

    public void SetDtr(bool asserted) => Set(LibC.TIOCM_DTR, asserted);

    public void SetRts(bool asserted) => Set(LibC.TIOCM_RTS, asserted);

    private void Set(int bit, bool asserted)
    {
        int arg = bit;
        if (LibC.Ioctl(_fd, asserted ? LibC.TIOCMBIS : LibC.TIOCMBIC, ref arg) != 0)
        {
            int errno = LibC.LastError;
            if (errno == LibC.EIO || errno == LibC.ENXIO || errno == LibC.ENODEV) throw new LinkLostException(_port);
            throw new IOException($"{_port}: cannot set modem line: {LibC.Describe(errno)}");
        }
    }
}
