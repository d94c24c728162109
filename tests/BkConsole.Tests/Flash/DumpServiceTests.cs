using BkConsole.Core.Chips;
using BkConsole.Core.Errors;
using BkConsole.Core.Flash;
using BkConsole.Devices.Beken;
using BkConsole.Devices.Flash;
using BkConsole.TestKit;

namespace BkConsole.Tests.Flash;

public sealed class DumpServiceTests
{
    private static CancellationToken Timeout(int seconds = 60) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    [Fact]
    public async Task A_dump_saves_image_and_manifest_under_the_device_chip_time_name_and_reboots_the_chip()
    {
        using var dir = new TempFolder("dump");
        await using var rig = new SimRig(ChipProfiles.Bk7252);
        var reports = new List<FlashProgress>();
        var result = await FlashOperations.DumpAsync(rig.Link,
            new DumpOptions { Session = SimRig.Session(), Folder = dir.Path, Device = "doorbell" },
            new SyncReports(reports), Timeout());

        Assert.Matches(@"doorbell-bk7252-\d{8}-\d{6}\.bin$", result.File);
        var image = File.ReadAllBytes(result.File);
        Assert.Equal(rig.Flash, image);
        var manifest = DumpManifest.FromJson(File.ReadAllText(result.File + ".json"));
        Assert.Equal("bk7252", manifest.Chip);
        Assert.Equal("uart", manifest.Method);
        Assert.Equal(4 * 1024 * 1024, manifest.Length);
        Assert.True(manifest.Verified);
        Assert.Equal(DumpManifest.Digest(image).Sha256, manifest.Sha256);
        Assert.True(result.IsFullBackup);
        Assert.True(result.Rebooted);
        Assert.Equal(115200, rig.Link.BaudRate);
        Assert.Contains(reports, r => r.Phase == "read" && r.Done == r.Total && r.BytesPerSecond > 0);
        var until = DateTime.UtcNow.AddSeconds(5);
        while (rig.Device.State == Simulator.Device.DeviceState.Download && DateTime.UtcNow < until) await Task.Delay(10);
        Assert.NotEqual(Simulator.Device.DeviceState.Download, rig.Device.State);
    }

    [Fact]
    public async Task A_dump_to_an_existing_folder_saves_inside_it_instead_of_crashing_after_the_read()
    {
        using var dir = new TempFolder("dump");
        await using var rig = new SimRig(ChipProfiles.Bk7231N);
        var result = await FlashOperations.DumpAsync(rig.Link,
            new DumpOptions { Session = SimRig.Session(), OutputFile = dir.Path, Device = "plug", Start = 0x11000, Length = 0x1000 }, null, Timeout());
        Assert.Equal(dir.Path, Path.GetDirectoryName(result.File));
        Assert.Matches(@"plug-bk7231n-\d{8}-\d{6}\.bin$", result.File);
        Assert.Equal(rig.Flash.AsSpan(0x11000, 0x1000).ToArray(), File.ReadAllBytes(result.File));
    }

    [Fact]
    public async Task A_dump_whose_output_cannot_be_written_keeps_the_bytes_in_the_temp_folder_and_says_where()
    {
        await using var rig = new SimRig(ChipProfiles.Bk7231N);
        var e = await Assert.ThrowsAsync<BkException>(() => FlashOperations.DumpAsync(rig.Link,
            new DumpOptions { Session = SimRig.Session(), OutputFile = "/proc/bkconsole-qa-dump.bin", Start = 0x11000, Length = 0x1000 }, null, Timeout()));
        var kept = Path.Combine(Path.GetTempPath(), "bkconsole-qa-dump.bin");
        try
        {
            Assert.Contains(kept, e.Message);
            Assert.Equal(rig.Flash.AsSpan(0x11000, 0x1000).ToArray(), File.ReadAllBytes(kept));
            Assert.True(File.Exists(kept + ".json"));
        }
        finally
        {
            File.Delete(kept);
            File.Delete(kept + ".json");
        }
    }

    [Fact]
    public async Task A_zero_length_read_is_a_usage_error_before_linking()
    {
        await using var rig = new SimRig(ChipProfiles.Bk7231N);
        var e = await Assert.ThrowsAsync<UsageException>(() => FlashOperations.DumpAsync(rig.Link,
            new DumpOptions { Session = SimRig.Session(), Start = 0x10, Length = 0 }, null, Timeout()));
        Assert.Contains("--length", e.Message);
    }

    [Fact]
    public async Task An_erased_chip_is_not_called_a_backup_and_its_bytes_are_kept_aside()
    {
        using var dir = new TempFolder("dump");
        var blank = new byte[ChipProfiles.Bk7231U.FlashSize];
        Array.Fill(blank, (byte)0xFF);
        await using var rig = new SimRig(ChipProfiles.Bk7231U, image: blank);
        var e = await Assert.ThrowsAsync<BkException>(() => FlashOperations.DumpAsync(rig.Link,
            new DumpOptions { Session = SimRig.Session(ChipProfiles.Bk7231U), Folder = dir.Path, Device = "plug" }, null, Timeout()));
        Assert.Contains("0xFF", e.Message);
        Assert.Single(Directory.GetFiles(dir.Path, "*.rejected.bin"));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.json"));
    }

    [Fact]
    public async Task Cancelling_a_dump_leaves_the_chip_answering_and_a_second_dump_works()
    {
        using var dir = new TempFolder("dump");
        await using var rig = new SimRig(ChipProfiles.Bk7231N);
        using var cts = new CancellationTokenSource();
        var progress = new SyncReports([], r => { if (r.Phase == "read" && r.Done > 256 * 1024) cts.Cancel(); });
        var options = new DumpOptions { Session = SimRig.Session() with { RebootWhenDone = false }, Folder = dir.Path, Device = "n" };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => FlashOperations.DumpAsync(rig.Link, options, progress, cts.Token));
        Assert.Empty(Directory.GetFiles(dir.Path));
        var again = await FlashOperations.DumpAsync(rig.Link, options with { Start = 0x1E0000, Length = 0x10000 }, null, Timeout());
        Assert.Equal(rig.Flash.AsSpan(0x1E0000, 0x10000).ToArray(), File.ReadAllBytes(again.File));
    }

    [Fact]
    public async Task Cancelling_a_write_stops_between_blocks_names_what_is_done_and_the_same_write_then_completes()
    {
        await using var rig = new SimRig(ChipProfiles.Bk7252);
        var data = new byte[0x40000];
        new Random(9).NextBytes(data);
        using var cts = new CancellationTokenSource();
        var progress = new SyncReports([], r => { if (r.Phase == "write" && r.Done >= 0x10000) cts.Cancel(); });
        var options = new WriteOptions { Session = SimRig.Session(ChipProfiles.Bk7252) with { RebootWhenDone = false }, Start = 0x20000, Data = data };
        var e = await Assert.ThrowsAsync<FlashOperationException>(() => FlashOperations.WriteAsync(rig.Link, options, progress, cts.Token));
        Assert.Contains("write cancelled at", e.Message);
        Assert.Equal(rig.Flash.AsSpan(0x20000, (int)(e.Offset - 0x20000)).ToArray(), data.AsSpan(0, (int)(e.Offset - 0x20000)).ToArray());
        Assert.True(e.Offset < 0x20000 + data.Length);
        var done = await FlashOperations.WriteAsync(rig.Link, options, null, Timeout());
        Assert.Equal(data.Length, done.Length);
        Assert.Equal(data, rig.Flash.AsSpan(0x20000, data.Length).ToArray());
    }

    [Fact]
    public async Task A_full_image_written_at_zero_keeps_the_bootloader_unless_forced()
    {
        await using var rig = new SimRig(ChipProfiles.Bk7231T);
        var image = rig.Flash;
        var boot = image.AsSpan(0, 0x11000).ToArray();
        new Random(5).NextBytes(image.AsSpan(0, 0x11000));
        new Random(6).NextBytes(image.AsSpan(0x11000, 0x2000));
        var result = await FlashOperations.WriteAsync(rig.Link,
            new WriteOptions { Session = SimRig.Session(ChipProfiles.Bk7231T), Start = 0, Data = image.AsMemory(0, 0x13000) }, null, Timeout());
        Assert.Equal(0x11000, result.SkippedBootloaderBytes);
        Assert.Equal(boot, rig.Flash.AsSpan(0, 0x11000).ToArray());
        Assert.Equal(image.AsSpan(0x11000, 0x2000).ToArray(), rig.Flash.AsSpan(0x11000, 0x2000).ToArray());
    }

    private sealed class SyncReports(List<FlashProgress> sink, Action<FlashProgress>? also = null) : IProgress<FlashProgress>
    {
        public void Report(FlashProgress value)
        {
            lock (sink) sink.Add(value);
            also?.Invoke(value);
        }
    }
}
