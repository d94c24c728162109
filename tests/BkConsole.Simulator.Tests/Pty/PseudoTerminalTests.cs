using System.IO.Ports;
using System.Text;
using BkConsole.Simulator.Pty;
using BkConsole.Simulator.Uart;

namespace BkConsole.Simulator.Tests.Pty;

public sealed class PseudoTerminalTests
{
    private static byte[] ReadMaster(PseudoTerminal pty, int want)
    {
        var got = new List<byte>();
        var buf = new byte[4096];
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (got.Count < want && DateTime.UtcNow < deadline)
        {
            if (pty.Read(buf, 50, out int n) == ChannelIo.Ok) got.AddRange(buf.AsSpan(0, n).ToArray());
        }
        return got.ToArray();
    }

    private static byte[] ReadPort(SerialPort port, int want)
    {
        var got = new byte[want];
        int have = 0;
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (have < want && DateTime.UtcNow < deadline)
        {
            try { have += port.Read(got, have, want - have); }
            catch (TimeoutException) { }
        }
        return got[..have];
    }

    private static SerialPort OpenPort(string path, int baud)
    {
        var port = new SerialPort(path, baud, Parity.None, 8, StopBits.One) { ReadTimeout = 200, WriteTimeout = 2000 };
        port.Open();
        return port;
    }

    [Fact]
    public void A_real_SerialPort_on_the_slave_exchanges_all_256_byte_values_both_ways()
    {
        using var pty = PseudoTerminal.Open();
        Assert.StartsWith("/dev/pts/", pty.SlavePath);
        using var port = OpenPort(pty.SlavePath, 115200);

        var all = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        port.Write(all, 0, all.Length);
        Assert.Equal(all, ReadMaster(pty, all.Length));

        Assert.Equal(ChannelIo.Ok, pty.Write(all, out int written));
        Assert.Equal(all.Length, written);
        Assert.Equal(all, ReadPort(port, all.Length));
    }

    [Fact]
    public void The_host_baud_rate_is_visible_from_the_master_including_2_Mbaud_set_while_open()
    {
        using var pty = PseudoTerminal.Open();
        using var port = OpenPort(pty.SlavePath, 115200);
        Assert.Equal(115200, pty.HostBaud);
        port.BaudRate = 2000000;
        Assert.Equal(2000000, pty.HostBaud);
        port.BaudRate = 921600;
        Assert.Equal(921600, pty.HostBaud);
    }

    [Fact]
    public void Closing_the_slave_is_a_hangup_on_the_master_and_a_reopened_slave_works_again()
    {
        using var pty = PseudoTerminal.Open();
        var port = OpenPort(pty.SlavePath, 115200);
        Assert.True(pty.HostAttached);
        port.Close();
        port.Dispose();

        Assert.False(pty.HostAttached);
        Assert.Equal(ChannelIo.Hangup, pty.Read(new byte[16], 50, out _));

        using var again = OpenPort(pty.SlavePath, 115200);
        Assert.True(pty.HostAttached);
        var hello = Encoding.ASCII.GetBytes("hello\r\n");
        again.Write(hello, 0, hello.Length);
        Assert.Equal(hello, ReadMaster(pty, hello.Length));
    }

    [Fact]
    public void Writing_with_nobody_reading_never_blocks_the_device()
    {
        using var pty = PseudoTerminal.Open();
        var chunk = new byte[4096];
        int accepted = 0;
        for (int i = 0; i < 64; i++)
        {
            var io = pty.Write(chunk, out int n);
            Assert.NotEqual(ChannelIo.Closed, io);
            accepted += n;
        }
        Assert.True(accepted < 64 * 4096, "the pty buffer is finite, so some output must have been refused");
    }
}
