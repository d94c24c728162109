using System.Runtime.InteropServices;

namespace BkConsole.Simulator.Pty;

/// <summary>The few libc calls a pseudo-terminal needs (Linux, x86-64/arm64 glibc). One file, nothing else native.</summary>
internal static unsafe partial class LibC
{
    private const string Lib = "libc";

    public const int O_RDWR = 0x2;
    public const int O_NOCTTY = 0x100;
    public const int O_NONBLOCK = 0x800;
    public const int F_GETFL = 3;
    public const int F_SETFL = 4;
    public const int EINTR = 4;
    public const int EIO = 5;
    public const int EAGAIN = 11;
    public const short POLLIN = 0x1;
    public const short POLLOUT = 0x4;
    public const short POLLERR = 0x8;
    public const short POLLHUP = 0x10;
    public const int TCSANOW = 0;

    /// <summary>_IOR('T', 0x2A, struct termios2): read termios with the real baud rates.</summary>
    public const uint TCGETS2 = 0x802C542A;

    /// <summary>sizeof(glibc struct termios) is 60; keep room.</summary>
    public const int TermiosBufferSize = 64;

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    /// <summary>Kernel struct termios2 (44 bytes).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Termios2
    {
        public uint Iflag;
        public uint Oflag;
        public uint Cflag;
        public uint Lflag;
        public byte Line;
        public fixed byte Cc[19];
        public uint Ispeed;
        public uint Ospeed;
    }

    [LibraryImport(Lib, EntryPoint = "posix_openpt", SetLastError = true)]
    public static partial int PosixOpenpt(int flags);

    [LibraryImport(Lib, EntryPoint = "grantpt", SetLastError = true)]
    public static partial int Grantpt(int fd);

    [LibraryImport(Lib, EntryPoint = "unlockpt", SetLastError = true)]
    public static partial int Unlockpt(int fd);

    [LibraryImport(Lib, EntryPoint = "ptsname_r", SetLastError = true)]
    public static partial int PtsnameR(int fd, byte* buf, nuint buflen);

    [LibraryImport(Lib, EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buf, nuint count);

    [LibraryImport(Lib, EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte* buf, nuint count);

    [LibraryImport(Lib, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport(Lib, EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint nfds, int timeout);

    [LibraryImport(Lib, EntryPoint = "fcntl", SetLastError = true)]
    public static partial int Fcntl(int fd, int cmd, int arg);

    [LibraryImport(Lib, EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(int fd, nuint request, void* arg);

    [LibraryImport(Lib, EntryPoint = "tcgetattr", SetLastError = true)]
    public static partial int Tcgetattr(int fd, byte* termios);

    [LibraryImport(Lib, EntryPoint = "tcsetattr", SetLastError = true)]
    public static partial int Tcsetattr(int fd, int optionalActions, byte* termios);

    [LibraryImport(Lib, EntryPoint = "cfmakeraw")]
    public static partial void Cfmakeraw(byte* termios);

    [LibraryImport(Lib, EntryPoint = "cfsetspeed", SetLastError = true)]
    public static partial int Cfsetspeed(byte* termios, uint speed);

    public static int Errno => Marshal.GetLastPInvokeError();
}
