using BkConsole.Core.Flash;
using BkConsole.Core.Links;
using BkConsole.Core.Errors;
using BkConsole.Tests.Tui.Support;
using BkConsole.TestKit;
using BkConsole.Tui.Dump;
using BkConsole.Tui.Session;

namespace BkConsole.Tests.Tui;

public sealed class OneKeyDumpTests
{
    private const int Bk7252Flash = 4 * 1024 * 1024;

    [Fact]
    public async Task A_same_port_dump_borrows_the_open_link_saves_bin_and_manifest_and_the_log_goes_on()
    {
        using var folder = new TempFolder("dump");
        var port = new MemoryPort("/dev/ttyUSB3");
        await using var session = new MonitorSession(new MonitorOptions { Port = port.Path }, port.Opener, new LineSplitPipeline());
        await session.StartAsync(CancellationToken.None);
        var logLink = port.Current;
        var dumper = new FakeDumper(Image(0x5A));
        var recorder = new Recorder();
        var dump = new OneKeyDump(session, dumper, recorder);

        var path = await dump.RunAsync(new DumpRequest("doorbell", port.Path, true, folder.Path, 115200), new Progress<DumpProgress>(), CancellationToken.None);

        Assert.Same(logLink, dumper.UsedLink);
        Assert.Equal(1, port.Opens);
        Assert.Matches(@"doorbell-bk7252-\d{8}-\d{6}\.bin$", path);
        Assert.Equal(Bk7252Flash, new FileInfo(path).Length);
        var manifest = DumpManifest.FromJson(File.ReadAllText(path + ".json"));
        Assert.Equal("uart", manifest.Method);
        Assert.Equal("doorbell", manifest.Device);
        Assert.Equal(DumpManifest.Digest(Image(0x5A)).Sha256, manifest.Sha256);
        Assert.Equal(manifest.Sha256, recorder.Manifest?.Sha256);

        port.Current.Feed("next boot\n");
        await Eventually.True(() => { session.Drain(); return session.Scrollback.Items().Any(l => l.Text == "next boot"); }, "the next boot");
    }

    [Fact]
    public async Task An_all_FF_read_is_refused_and_nothing_is_saved()
    {
        using var folder = new TempFolder("dump");
        var port = new MemoryPort("/dev/ttyUSB3");
        await using var session = new MonitorSession(new MonitorOptions { Port = port.Path }, port.Opener, new LineSplitPipeline());
        await session.StartAsync(CancellationToken.None);
        var dump = new OneKeyDump(session, new FakeDumper(Image(0xFF)), null);

        var ex = await Assert.ThrowsAsync<BkException>(() =>
            dump.RunAsync(new DumpRequest("doorbell", port.Path, true, folder.Path, 115200), new Progress<DumpProgress>(), CancellationToken.None));

        Assert.Contains("not a backup", ex.Message);
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void The_flash_port_is_remembered_per_device()
    {
        using var folder = new TempFolder("dump");
        var memory = new FlashPortMemory(folder.File("config/flash-ports.json"));
        memory.Set("doorbell", FlashPortMemory.SamePort);
        memory.Set("plug", "/dev/ttyUSB1");

        var again = new FlashPortMemory(folder.File("config/flash-ports.json"));
        Assert.Equal("same", again.Get("doorbell"));
        Assert.Equal("/dev/ttyUSB1", again.Get("plug"));
        Assert.Null(again.Get("bulb"));
    }

    private static byte[] Image(byte fill)
    {
        var data = new byte[Bk7252Flash];
        Array.Fill(data, fill);
        if (fill != 0xFF) data[0] = 0x01;
        return data;
    }

    private sealed class FakeDumper(byte[] image) : IFlashDumper
    {
        public ISerialLink? UsedLink { get; private set; }

        public string Method => "uart";

        public ISerialLink Open(string port) => throw new InvalidOperationException("the same-port dump must not open the port again");

        public Task<FlashImage> ReadWholeFlashAsync(ISerialLink link, IProgress<DumpProgress> progress, CancellationToken cancellationToken)
        {
            UsedLink = link;
            return Task.FromResult(new FlashImage(image, "bk7252", "BK7252_1.0.14", "0b4016", 2_000_000, true, TimeSpan.FromSeconds(20)));
        }
    }

    private sealed class Recorder : IDumpRecorder
    {
        public DumpManifest? Manifest { get; private set; }

        public void Record(DumpManifest manifest, string binPath) => Manifest = manifest;
    }
}
