using System.Runtime.InteropServices;
using System.Text;
using BkConsole.Devices.Serial;

namespace BkConsole.Devices.Tests.Serial;

/// <summary>A real pseudo-terminal for tests: the slave path is the "serial port", the master is the far end.</summary>
internal sealed partial class TestPty : IDisposable
{
    private int _master;

    public TestPty()
    {
        _master = PosixOpenpt(LibC.O_RDWR | LibC.O_NOCTTY);
        if (_master < 0 || GrantPt(_master) != 0 || UnlockPt(_master) != 0)
            throw new IOException("cannot create a pty: " + LibC.Describe(LibC.LastError));
        var name = new byte[256];
        if (PtsNameR(_master, name, name.Length) != 0) throw new IOException("ptsname_r failed");
        SlavePath = Encoding.ASCII.GetString(name, 0, Array.IndexOf(name, (byte)0));
    }

    public string SlavePath { get; }

    public unsafe void Write(ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            int done = 0;
            while (done < data.Length)
            {
                nint n = LibC.Write(_master, p + done, data.Length - done);
                if (n <= 0) throw new IOException("pty master write failed: " + LibC.Describe(LibC.LastError));
                done += (int)n;
            }
        }
    }

    /// <summary>Read exactly <paramref name="count"/> bytes or fail after <paramref name="timeoutMs"/>.</summary>
    public unsafe byte[] Read(int count, int timeoutMs = 5000)
    {
        var result = new byte[count];
        int got = 0;
        var deadline = Environment.TickCount64 + timeoutMs;
        fixed (byte* p = result)
        {
            while (got < count)
            {
                int left = (int)Math.Max(0, deadline - Environment.TickCount64);
                if (left == 0) throw new TimeoutException($"pty master got {got} of {count} bytes");
                var pfd = new LibC.PollFd { Fd = _master, Events = LibC.POLLIN };
                if (LibC.Poll(&pfd, 1, left) <= 0) continue;
                nint n = LibC.Read(_master, p + got, count - got);
                if (n > 0) got += (int)n;
            }
        }
        return result;
    }

    /// <summary>Close the master: the slave side sees a hangup, as with an unplugged adapter.</summary>
    public void HangUp()
    {
        if (_master >= 0) LibC.Close(_master);
        _master = -1;
    }

    public void Dispose() => HangUp();

    [LibraryImport("libc", EntryPoint = "posix_openpt", SetLastError = true)]
    private static partial int PosixOpenpt(int flags);

    [LibraryImport("libc", EntryPoint = "grantpt", SetLastError = true)]
    private static partial int GrantPt(int fd);

    [LibraryImport("libc", EntryPoint = "unlockpt", SetLastError = true)]
    private static partial int UnlockPt(int fd);

    [LibraryImport("libc", EntryPoint = "ptsname_r", SetLastError = true)]
    private static partial int PtsNameR(int fd, [Out] byte[] buffer, nint length);
}
