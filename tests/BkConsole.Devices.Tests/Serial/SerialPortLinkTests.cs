using BkConsole.Core.Errors;
using BkConsole.Core.Links;
using BkConsole.Devices.Serial;
using BkConsole.TestKit;

namespace BkConsole.Devices.Tests.Serial;

public sealed class SerialPortLinkTests
{
    private static async Task<byte[]> ReadExactly(ISerialLink link, int count)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var result = new byte[count];
        int got = 0;
        while (got < count) got += await link.ReadAsync(result.AsMemory(got), cts.Token);
        return result;
    }

    [Fact]
    public async Task Bytes_travel_both_ways_through_a_real_pty()
    {
        using var pty = new TestPty();
        await using var link = SerialPortLink.Open(pty.SlavePath, 115200);
        var toDevice = Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray();
        await link.WriteAsync(toDevice, CancellationToken.None);
        Assert.Equal(toDevice, pty.Read(toDevice.Length));

        var fromDevice = Enumerable.Range(0, 70_000).Select(i => (byte)(i * 7)).ToArray();
        pty.Write(fromDevice);
        Assert.Equal(fromDevice, await ReadExactly(link, fromDevice.Length));
    }

    [Fact]
    public async Task Baud_rate_changes_while_open_including_fast_rates()
    {
        using var pty = new TestPty();
        await using var link = SerialPortLink.Open(pty.SlavePath, 115200);
        foreach (var baud in new[] { 921600, 1500000, 2000000, 3000000, 115200 })
        {
            link.SetBaudRate(baud);
            Assert.Equal(baud, link.BaudRate);
            pty.Write([1, 2, 3]);
            Assert.Equal(new byte[] { 1, 2, 3 }, await ReadExactly(link, 3));
        }
    }

    [Fact]
    public async Task A_pty_reports_modem_lines_as_unavailable_instead_of_throwing()
    {
        using var pty = new TestPty();
        await using var link = SerialPortLink.Open(pty.SlavePath, 115200);
        Assert.Null(link.ModemLines);
        Assert.Contains("pseudo-terminal", link.ModemLinesUnavailableReason);
    }

    [Fact]
    public async Task Discard_input_drops_what_arrived_before()
    {
        using var pty = new TestPty();
        await using var link = SerialPortLink.Open(pty.SlavePath, 115200);
        pty.Write([9, 9, 9]);
        var until = Environment.TickCount64 + 2000;
        while (link.BytesAvailable < 3 && Environment.TickCount64 < until) await Task.Delay(5);
        link.DiscardInput();
        pty.Write([4]);
        Assert.Equal(new byte[] { 4 }, await ReadExactly(link, 1));
    }

    [Fact]
    public async Task A_hangup_surfaces_as_link_lost_after_the_bytes_that_came_first()
    {
        using var pty = new TestPty();
        await using var link = SerialPortLink.Open(pty.SlavePath, 115200);
        pty.Write([1, 2]);
        Assert.Equal(new byte[] { 1, 2 }, await ReadExactly(link, 2));
        pty.HangUp();
        await Assert.ThrowsAsync<LinkLostException>(async () => await ReadExactly(link, 1));
    }

    [Fact]
    public void A_missing_port_names_the_port_and_lists_the_ports_present()
    {
        var e = Assert.Throws<BkException>(() => SerialPortLink.Open("/dev/ttyUSB_nonexistent_42", 115200));
        Assert.Contains("/dev/ttyUSB_nonexistent_42 not found", e.Message);
        Assert.Contains("port", e.Advice);
    }

    [Fact]
    public void A_port_busy_in_another_process_does_not_list_this_process_as_a_holder()
    {
        using var pty = new TestPty();
        using var holder = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("flock", ["-n", pty.SlavePath, "sleep", "30"])
        {
            RedirectStandardInput = true,
        })!;
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (PortHolder.Find(pty.SlavePath).All(h => h.Pid == Environment.ProcessId) && DateTime.UtcNow < deadline) Thread.Sleep(20);
            var e = Assert.Throws<BkException>(() => SerialPortLink.Open(pty.SlavePath, 115200));
            Assert.Contains("busy", e.Message);
            Assert.Contains("flock", e.Message);
            Assert.DoesNotContain("this process", e.Message);
        }
        finally
        {
            holder.Kill(entireProcessTree: true);
            holder.WaitForExit();
        }
    }

    [Fact]
    public async Task A_busy_port_names_the_process_that_holds_it()
    {
        using var pty = new TestPty();
        await using var first = SerialPortLink.Open(pty.SlavePath, 115200);
        var e = Assert.Throws<BkException>(() => SerialPortLink.Open(pty.SlavePath, 115200));
        Assert.Contains("busy", e.Message);
        Assert.Contains($"pid {Environment.ProcessId}", e.Message);
    }

    [Fact]
    public void A_regular_file_is_refused_as_not_a_tty()
    {
        using var dir = new TempFolder("serial");
        var file = dir.File("notaport");
        File.WriteAllText(file, "x");
        var e = Assert.Throws<BkException>(() => SerialPortLink.Open(file, 115200));
        Assert.Contains("not a tty", e.Message);
    }

    [Fact]
    public void Permission_denied_advises_the_dialout_group()
    {
        var e = SerialPortLink.OpenError("/dev/ttyUSB0", 13);
        Assert.Contains("permission denied", e.Message);
        Assert.Contains("usermod -aG dialout", e.Advice);
    }

    [Fact]
    public async Task The_port_can_be_reopened_after_dispose()
    {
        using var pty = new TestPty();
        await (SerialPortLink.Open(pty.SlavePath, 115200)).DisposeAsync();
        await using var again = SerialPortLink.Open(pty.SlavePath, 115200);
        pty.Write([5]);
        Assert.Equal(new byte[] { 5 }, await ReadExactly(again, 1));
    }
}
