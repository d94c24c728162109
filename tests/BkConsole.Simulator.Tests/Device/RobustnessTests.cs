using System.Text;
using BkConsole.Core.Chips;
using BkConsole.Simulator.Device;
using BkConsole.Simulator.Uart;

namespace BkConsole.Simulator.Tests.Device;

public sealed class RobustnessTests
{
    private static readonly byte[] LinkCheck = [0x01, 0xE0, 0xFC, 0x01, 0x00];
    private static readonly byte[] LinkReply = [0x04, 0x0E, 0x05, 0x01, 0xE0, 0xFC, 0x01, 0x00];

    private static async Task<bool> LinksAsync(InMemoryHost h, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            await h.Link.Host.WriteAsync(LinkCheck, CancellationToken.None);
            var text = await h.ReadUntilAsync(TimeSpan.FromMilliseconds(20), t => t.Contains(Encoding.Latin1.GetString(LinkReply), StringComparison.Ordinal));
            if (text.Contains(Encoding.Latin1.GetString(LinkReply), StringComparison.Ordinal)) return true;
        }
        return false;
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, true)]
    [InlineData(3, false)]
    [InlineData(4, false)]
    public async Task Random_frames_and_garbage_never_kill_the_device(int seed, bool download)
    {
        var options = new SimOptions { Chip = seed % 2 == 0 ? ChipProfiles.Bk7231N : ChipProfiles.Bk7252, Pacing = false, StartInDownloadMode = download, Seed = seed };
        await using var h = new InMemoryHost(options);
        var random = new Random(seed);
        for (int i = 0; i < 300; i++)
        {
            byte[] chunk;
            if (random.Next(3) == 0)
            {
                // a plausible header with random command and length, then random body bytes
                bool isLong = random.Next(2) == 0;
                var body = new byte[random.Next(0, 40)];
                random.NextBytes(body);
                chunk = isLong
                    ? [0x01, 0xE0, 0xFC, 0xFF, 0xF4, (byte)(body.Length + 1), 0x00, (byte)random.Next(16), .. body]
                    : [0x01, 0xE0, 0xFC, (byte)(body.Length + 1), (byte)random.Next(256), .. body];
            }
            else
            {
                chunk = new byte[random.Next(1, 64)];
                random.NextBytes(chunk);
            }
            await h.Link.Host.WriteAsync(chunk, CancellationToken.None);
        }
        // Anything half-sent times out; then the chip must still link (directly, or via the auto-download reboot).
        await Task.Delay(SimTimings.PartialFrameTimeout + TimeSpan.FromMilliseconds(300));
        Assert.True(await LinksAsync(h, TimeSpan.FromSeconds(10)));
        Assert.NotEqual(DeviceState.Off, h.Device.State);
    }

    [Fact]
    public async Task Transmit_faults_are_the_same_for_the_same_seed()
    {
        var options = new SimOptions { Pacing = false, Seed = 9, Faults = FaultSpec.Parse("tx:flip=0.01,drop=0.005") };
        string a, b;
        await using (var h = new InMemoryHost(options)) a = await h.ReadUntilAsync(TimeSpan.FromSeconds(10), t => t.Length > 3000);
        await using (var h = new InMemoryHost(options)) b = await h.ReadUntilAsync(TimeSpan.FromSeconds(10), t => t.Length > 3000);
        Assert.Equal(a[..3000], b[..3000]);
        await using var clean = new InMemoryHost(options with { Faults = FaultSpec.None });
        var c = await clean.ReadUntilAsync(TimeSpan.FromSeconds(10), t => t.Length > 3000);
        Assert.NotEqual(a[..3000], c[..3000]);
    }

    [Fact]
    public async Task Flood_lines_are_numbered_without_gaps()
    {
        await using var h = new InMemoryHost(new SimOptions { Scenario = "flood", Pacing = false });
        var text = await h.ReadUntilAsync(TimeSpan.FromSeconds(10), t => t.Contains("seq=00002000", StringComparison.Ordinal));
        var seqs = System.Text.RegularExpressions.Regex.Matches(text, @"seq=(\d{8})").Select(m => int.Parse(m.Groups[1].Value)).ToList();
        Assert.Equal(Enumerable.Range(1, seqs.Count), seqs);
    }

    [Fact]
    public void Wrong_baud_shows_a_clean_bootloader_and_garbage_from_the_app_at_115200()
    {
        using var sim = new SimPort(ChipProfiles.Bk7252, download: false, scenario: "wrong-baud");
        var boot = sim.ReadUntil(5000, "go os_addr(0x10000)..........\r\n");
        Assert.Contains("V(0.1.3)", boot);
        var after = Encoding.Latin1.GetString(sim.ReadFor(800));
        Assert.NotEmpty(after);
        Assert.DoesNotContain("Thread Operating System", after);
    }
}
