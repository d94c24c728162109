using BkConsole.Core.Chips;
using BkConsole.Core.Links;
using BkConsole.Devices.Beken;
using BkConsole.Devices.Flash;
using BkConsole.Devices.Serial;
using BkConsole.Simulator.Device;
using BkConsole.Simulator.Uart;

namespace BkConsole.Tests.Flash;

/// <summary>
/// Seeded faults on the wire: every run ends byte-identical or with a FlashOperationException naming the offset —
/// never a silently wrong image.
/// </summary>
public sealed class FaultRunTests
{
    private const long Start = 0x100000;
    private const int Length = 0x30000;

    private static CancellationToken Timeout(int seconds = 90) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    public static TheoryData<string, int> Runs()
    {
        var data = new TheoryData<string, int>();
        foreach (var spec in new[] { "tx:flip=0.00005", "tx:drop=0.00003", "rx:drop=0.002", "rx:flip=0.002", "tx:stall=0.00002:300" })
            foreach (var seed in new[] { 1, 2 })
                data.Add(spec, seed);
        return data;
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public async Task A_read_under_seeded_faults_recovers_to_a_byte_identical_image(string faults, int seed)
    {
        var chip = ChipProfiles.Bk7252;
        await using var rig = new SimRig(chip, faults: FaultSpec.Parse(faults), seed: seed);
        var client = new BekenClient(rig.Link);
        client.Assume(chip, chip.FlashSize); // identification is not under test here; the faults are
        await client.ConnectAsync(Devices.Beken.Reset.ResetStrategies.Automatic, null, Timeout());
        var image = await client.ReadAsync(Start, Length, null, Timeout());
        Assert.Equal(rig.Flash.AsSpan((int)Start, Length).ToArray(), image);
        var tx = rig.Device.TxFaults;
        var rx = rig.Device.RxFaults;
        long injected = (tx?.Dropped ?? 0) + (tx?.Flipped ?? 0) + (tx?.Stalls ?? 0) + (rx?.Dropped ?? 0) + (rx?.Flipped ?? 0) + (rx?.Stalls ?? 0);
        Assert.True(injected > 0, "no fault was injected");
    }

    [Theory]
    [InlineData("tx:flip=0.00005", 3)]
    [InlineData("rx:drop=0.00003", 4)]
    [InlineData("rx:flip=0.00003", 5)]
    public async Task A_write_under_seeded_faults_recovers_to_identical_flash(string faults, int seed)
    {
        var chip = ChipProfiles.Bk7231N;
        await using var rig = new SimRig(chip, faults: FaultSpec.Parse(faults), seed: seed);
        var client = new BekenClient(rig.Link);
        client.Assume(chip, chip.FlashSize);
        var data = new byte[0x20000];
        new Random(seed).NextBytes(data);
        await client.ConnectAsync(Devices.Beken.Reset.ResetStrategies.Automatic, null, Timeout());
        await client.WriteAsync(0x11000, data, false, null, Timeout());
        Assert.Equal(data, rig.Flash.AsSpan(0x11000, data.Length).ToArray());
    }

    public static TheoryData<string> Chips() => new(ChipProfiles.Names);

    /// <summary>About two flipped bits per 4 KiB reply: no 64 KiB window and few sectors arrive clean, so only the
    /// adaptive path (sector CRCs, then 256-byte slices, re-reading just the bad slices) gets a whole image.</summary>
    [Theory]
    [MemberData(nameof(Chips))]
    public async Task Heavy_bit_flips_on_every_chip_still_end_in_a_byte_identical_read_including_the_bootloader(string name)
    {
        var chip = ChipProfiles.Get(name);
        await using var rig = new SimRig(chip, faults: FaultSpec.Parse("tx:flip=0.0005,rx:flip=0.0002"), seed: name.Length * 31 + 5);
        var client = new BekenClient(rig.Link);
        client.Assume(chip, chip.FlashSize);
        await client.ConnectAsync(Devices.Beken.Reset.ResetStrategies.Automatic, null, Timeout());
        var image = await client.ReadAsync(0, 0x30000, null, Timeout());
        Assert.Equal(rig.Flash.AsSpan(0, 0x30000).ToArray(), image);
        Assert.True(rig.Device.TxFaults!.Flipped > 100, $"only {rig.Device.TxFaults.Flipped} bits flipped");
    }

    [Theory]
    [MemberData(nameof(Chips))]
    public async Task A_write_under_seeded_faults_on_every_chip_ends_identical(string name)
    {
        var chip = ChipProfiles.Get(name);
        await using var rig = new SimRig(chip, faults: FaultSpec.Parse("tx:flip=0.0001,tx:drop=0.00002,rx:flip=0.00003,rx:drop=0.00002"),
            seed: name.Length * 17 + 3);
        var client = new BekenClient(rig.Link);
        client.Assume(chip, chip.FlashSize);
        var data = new byte[0x24000];
        new Random(name.Length).NextBytes(data);
        data.AsSpan(0x8000, 0x1000).Fill(0xFF); // an all-0xFF sector is erased, not written
        await client.ConnectAsync(Devices.Beken.Reset.ResetStrategies.Automatic, null, Timeout());
        await client.WriteAsync(0x11000, data, false, null, Timeout());
        Assert.Equal(data, rig.Flash.AsSpan(0x11000, data.Length).ToArray());
        long injected = rig.Device.TxFaults!.Flipped + rig.Device.TxFaults.Dropped + rig.Device.RxFaults!.Flipped + rig.Device.RxFaults.Dropped;
        Assert.True(injected > 0, "no fault was injected");
    }

    [Theory]
    [MemberData(nameof(Chips))]
    public async Task A_read_under_seeded_drops_flips_and_stalls_on_every_chip_is_byte_identical(string name)
    {
        var chip = ChipProfiles.Get(name);
        await using var rig = new SimRig(chip, faults: FaultSpec.Parse("tx:flip=0.0001,tx:drop=0.00003,tx:stall=0.00001:200,rx:drop=0.0005,rx:flip=0.0002"),
            seed: name.Length * 13 + 1);
        var client = new BekenClient(rig.Link);
        client.Assume(chip, chip.FlashSize);
        await client.ConnectAsync(Devices.Beken.Reset.ResetStrategies.Automatic, null, Timeout());
        var image = await client.ReadAsync(0x100000, 0x40000, null, Timeout());
        Assert.Equal(rig.Flash.AsSpan(0x100000, 0x40000).ToArray(), image);
    }

    [Fact]
    public async Task A_chip_that_goes_silent_mid_read_fails_with_the_offset_and_no_data()
    {
        var chip = ChipProfiles.Bk7252;
        await using var rig = new SimRig(chip);
        var client = new BekenClient(rig.Link);
        client.Assume(chip, chip.FlashSize);
        await client.ConnectAsync(Devices.Beken.Reset.ResetStrategies.Automatic, null, Timeout());
        var progress = new PowerOffAfter(rig, 0x20000);
        var e = await Assert.ThrowsAsync<FlashOperationException>(() => client.ReadAsync(Start, Length, progress, Timeout()));
        Assert.InRange(e.Offset, Start + 0x20000, Start + Length);
        Assert.Contains($"0x{e.Offset:x}", e.Message);
    }

    private sealed class PowerOffAfter(SimRig rig, long bytes) : IProgress<FlashProgress>
    {
        public void Report(FlashProgress value)
        {
            if (value.Done >= bytes) rig.Device.PowerOff();
        }
    }

    [Fact]
    public async Task Unplugging_mid_dump_over_a_real_pty_fails_naming_the_offset_and_saves_nothing()
    {
        using var dir = new TestKit.TempFolder("unplug");
        using var host = SimHost.Start(new SimOptions { Chip = ChipProfiles.Bk7252, Pacing = false, StartInDownloadMode = true });
        await using var link = SerialPortLink.Open(host.SlavePath, 115200);
        var progress = new UnplugAfter(host, 512 * 1024);
        var e = await Assert.ThrowsAsync<FlashOperationException>(() => FlashOperations.DumpAsync(link,
            new DumpOptions { Session = SimRig.Session(ChipProfiles.Bk7252), Folder = dir.Path, Device = "d" }, progress, Timeout()));
        Assert.Contains("link lost", e.Message);
        Assert.Contains($"0x{e.Offset:x}", e.Message);
        Assert.True(e.Offset >= 512 * 1024);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    private sealed class UnplugAfter(SimHost host, long bytes) : IProgress<FlashProgress>
    {
        private int _done;

        public void Report(FlashProgress value)
        {
            if (value.Phase == "read" && value.Done >= bytes && Interlocked.Exchange(ref _done, 1) == 0) host.Unplug();
        }
    }
}
