using BkConsole.Core.Chips;
using BkConsole.Simulator.Device;
using BkConsole.TestKit;

namespace BkConsole.Simulator.Tests.Device;

public sealed class UnplugTests
{
    [Fact]
    public void Unplug_breaks_the_open_port_and_replug_boots_again_behind_the_same_link()
    {
        using var temp = new TempFolder("unplug");
        string link = temp.File("dev");
        using var host = SimHost.Start(new SimOptions { Chip = ChipProfiles.Bk7252, Pacing = false }, link);
        var port = SimPort.Open(link);
        var first = new SimPortReader(port).ReadUntil(10000, "Thread Operating System");
        Assert.Contains("Thread Operating System", first);

        host.Unplug();
        Assert.False(File.Exists(link));
        Assert.ThrowsAny<Exception>(() =>
        {
            var buf = new byte[64];
            for (int i = 0; i < 50; i++) { try { port.Read(buf, 0, buf.Length); } catch (TimeoutException) { } }
        });
        try { port.Dispose(); } catch (IOException) { }

        host.Replug();
        Assert.True(File.Exists(link));
        using var again = SimPort.Open(link);
        var second = new SimPortReader(again).ReadUntil(10000, "V(0.1.3)", "Thread Operating System");
        Assert.Contains("V(0.1.3)", second);
    }

    [Fact]
    public void The_link_is_removed_when_the_host_stops()
    {
        using var temp = new TempFolder("link");
        string link = temp.File("dev");
        var host = SimHost.Start(new SimOptions { Pacing = false }, link);
        Assert.True(File.Exists(link));
        host.Dispose();
        Assert.False(File.Exists(link));
    }

    [Fact]
    public void A_flash_file_of_the_wrong_size_is_refused_with_advice()
    {
        using var temp = new TempFolder("flash");
        File.WriteAllBytes(temp.File("small.bin"), new byte[2 * 1024 * 1024]);
        var ex = Assert.Throws<Core.Errors.BkException>(() => Flash.SimFlash.FromFile(temp.File("small.bin"), ChipProfiles.Bk7252.FlashSize, false));
        Assert.Contains("4194304", ex.Message);
        Assert.Contains("4 MiB", ex.Advice);
    }
}
