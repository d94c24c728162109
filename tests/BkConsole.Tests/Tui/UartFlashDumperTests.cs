using BkConsole.Core.Chips;
using BkConsole.Tests.Flash;
using BkConsole.Tui.Dump;
using BkConsole.Tui.Host;

namespace BkConsole.Tests.Tui;

public sealed class UartFlashDumperTests
{
    private static CancellationToken Timeout(int seconds = 60) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    [Fact]
    public async Task The_uart_dumper_reads_the_whole_simulated_flash_through_the_operations_api_and_leaves_115200()
    {
        await using var rig = new SimRig(ChipProfiles.Bk7252);
        var reports = new List<DumpProgress>();
        var dumper = new UartFlashDumper(SimRig.Session());

        var image = await dumper.ReadWholeFlashAsync(rig.Link, new Sync(reports.Add), Timeout());

        Assert.Equal(rig.Flash, image.Data);
        Assert.Equal("bk7252", image.Chip);
        Assert.True(image.Verified);
        Assert.Equal(2_000_000, image.Baud);
        Assert.Equal(115200, rig.Link.BaudRate);
        Assert.Contains(reports, r => r.Stage.StartsWith("reading", StringComparison.Ordinal) && r.Done == r.Total && r.BytesPerSecond > 0);
    }

    [Fact]
    public async Task Cancelling_a_uart_dump_puts_the_link_back_to_115200_and_the_next_dump_works()
    {
        await using var rig = new SimRig(ChipProfiles.Bk7231N);
        using var cts = new CancellationTokenSource();
        var dumper = new UartFlashDumper(SimRig.Session() with { RebootWhenDone = false });
        var cancelling = new Sync(r => { if (r.Done > 128 * 1024) cts.Cancel(); });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dumper.ReadWholeFlashAsync(rig.Link, cancelling, cts.Token));
        Assert.Equal(115200, rig.Link.BaudRate);

        var image = await dumper.ReadWholeFlashAsync(rig.Link, new Sync(_ => { }), Timeout());
        Assert.Equal(rig.Flash, image.Data);
    }

    private sealed class Sync(Action<DumpProgress> report) : IProgress<DumpProgress>
    {
        public void Report(DumpProgress value) => report(value);
    }
}
