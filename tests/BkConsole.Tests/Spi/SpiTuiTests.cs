using BkConsole.Cli;
using BkConsole.Core.Flash;
using BkConsole.Devices.Spi;
using BkConsole.Tui.Dump;
using BkConsole.Tui.Spi;

namespace BkConsole.Tests.Spi;

public sealed class SpiTuiTests
{
    [Fact]
    public async Task The_one_key_dump_can_use_SPI_as_its_method_and_shows_the_attempt_counter()
    {
        var dumper = new SpiFlashDumper(new SpiCommands.SpiSessionOptions { Programmer = "emulator", Seed = 3 });
        var model = new SpiPaneModel("emulator");
        dumper.Progressed += model.Update;
        var stages = new List<DumpProgress>();
        var progress = new Inline(stages.Add);

        var image = await dumper.ReadWholeFlashAsync(progress, CancellationToken.None);

        Assert.Equal("spi", dumper.Method);
        Assert.Equal(4 << 20, image.Data.Length);
        Assert.True(image.Verified);
        Assert.Equal(("bk7252", "0b4016"), (image.Chip, image.FlashId));
        Assert.Null(DumpGuard.Check(image.Data, 4 << 20));
        Assert.Contains(stages, s => s.Stage.StartsWith("entering SPI mode: attempt 1/1000", StringComparison.Ordinal));
        Assert.Contains(stages, s => s.Stage == "verifying (second pass)" && s.Done == s.Total);

        var lines = model.Lines(60);
        Assert.Equal("programmer: emulator", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("SPI-mode entry: attempt ", StringComparison.Ordinal) && l.Contains("D2 echo seen"));
        Assert.Contains(lines, l => l.StartsWith("verifying (second pass): 4096/4096 KiB", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith("] 100 %", StringComparison.Ordinal));
    }

    [Fact]
    public void The_pane_model_shows_the_chip_once_connected()
    {
        var model = new SpiPaneModel("ch341a");
        Assert.Contains("chip: not connected yet", model.Lines(40));
        model.Connected(new SpiFlashInfo(new JedecId(0x0B, 0x40, 0x16), null, 4 << 20, 0x4004, 0, 0x3F0000, 12, TimeSpan.FromSeconds(7)));
        Assert.Contains("JEDEC id 0B 40 16: unknown chip, 4096 KiB, status 0x4004 (write-protected 0x000000-0x3effff)", model.Lines(40));
    }

    private sealed class Inline(Action<DumpProgress> report) : IProgress<DumpProgress>
    {
        public void Report(DumpProgress value)
        {
            lock (this) report(value);
        }
    }
}
