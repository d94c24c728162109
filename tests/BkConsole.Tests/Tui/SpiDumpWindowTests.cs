using BkConsole.Cli;
using BkConsole.Core.Flash;
using BkConsole.Tests.Tui.Support;
using BkConsole.TestKit;
using BkConsole.Tui;
using BkConsole.Tui.Dump;
using BkConsole.Tui.Host;
using BkConsole.Tui.Spi;
using Terminal.Gui.Input;

namespace BkConsole.Tests.Tui;

[Collection(UiCollection.Name)]
public sealed class SpiDumpWindowTests
{
    [Fact]
    public async Task The_one_key_dump_with_SPI_remembered_reads_via_the_emulator_shows_the_SPI_pane_with_the_chip_and_the_log_port_stays_open()
    {
        using var folder = new TempFolder("spi-dump");
        var memory = new FlashPortMemory(folder.File("config/flash-ports.json"));
        memory.Set("test-doorbell", FlashPortMemory.Spi);
        var spi = new SpiFlashDumper(new SpiCommands.SpiSessionOptions { Programmer = "emulator", Seed = 3 });
        var model = new SpiPaneModel("emulator");
        spi.Progressed += model.Update;
        spi.Connected += model.Connected;
        await using var m = await HeadlessMonitor.StartAsync(optionsFor: session => new MonitorWindowOptions
        {
            DbPath = "/tmp/test.db",
            Dump = new OneKeyDump(session, new UartFlashDumper(), null, spi: spi),
            PortMemory = memory,
            DumpsFolder = folder.File("dumps"),
            SpiModel = model,
        });
        var logLink = m.Port.Current;

        m.Press(Key.F2);
        Assert.True(m.Window.SpiBox.Visible);
        await Eventually.True(() => m.Window.DumpBox.Result != null || m.Window.DumpBox.Error != null, "the SPI dump to end",
            () => m.Screen());

        Assert.Null(m.Window.DumpBox.Error);
        var path = m.Window.DumpBox.Result!;
        Assert.Matches(@"test-doorbell-bk7252-\d{8}-\d{6}\.bin$", path);
        var manifest = DumpManifest.FromJson(File.ReadAllText(path + ".json"));
        Assert.Equal("spi", manifest.Method);
        Assert.Equal(4 << 20, manifest.Length);
        Assert.True(manifest.Verified);
        var screen = m.Screen();
        Assert.Contains("SPI flash (CH341A)", screen);
        Assert.Contains("SPI-mode entry: attempt ", screen);
        Assert.Contains("programmer: emulator", screen);
        Assert.DoesNotContain("not connected yet", screen);
        Assert.Matches(@"JEDEC id .*XT25F32B, 4096 KiB", screen);
        Assert.Same(logLink, m.Port.Current);
        Assert.Equal(1, m.Port.Opens);

        await m.ReceiveAsync("after the dump\n");
        Assert.Contains("after the dump", m.Screen());
        m.Press(Key.Esc);
        Assert.False(m.Window.SpiBox.Visible);
    }

    [Fact]
    public async Task The_flash_link_question_offers_spi_when_a_programmer_is_set_up()
    {
        using var folder = new TempFolder("spi-ask");
        var spi = new SpiFlashDumper(new SpiCommands.SpiSessionOptions { Programmer = "emulator" });
        await using var m = await HeadlessMonitor.StartAsync(optionsFor: session => new MonitorWindowOptions
        {
            DbPath = "/tmp/test.db",
            Dump = new OneKeyDump(session, new UartFlashDumper(), null, spi: spi),
            PortMemory = new FlashPortMemory(folder.File("config/flash-ports.json")),
            DumpsFolder = folder.File("dumps"),
        });

        m.Press(Key.F2);

        Assert.Contains("'spi' = emulator SPI programmer", m.Screen());
    }
}
