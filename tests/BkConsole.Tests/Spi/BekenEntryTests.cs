using BkConsole.Core.Errors;
using BkConsole.Devices.Spi;
using BkConsole.Simulator.Spi;

namespace BkConsole.Tests.Spi;

public sealed class BekenEntryTests
{
    [Fact]
    public void The_retry_loop_pulses_CEN_until_the_flaky_chip_answers_and_reports_every_attempt()
    {
        var (rig, service) = SpiRigs.Create(success: 0.25, seed: 11);
        using var _ = service;
        var progress = new SpiRigs.Collect<SpiProgress>();

        var info = service.Connect(progress, CancellationToken.None);

        Assert.Equal("0b4016", info.Id.Hex);
        Assert.Equal("XT25F32B", info.Chip!.Name);
        Assert.True(info.EntryAttempts > 1, $"seeded flakiness should cost more than one attempt, took {info.EntryAttempts}");
        Assert.Equal(info.EntryAttempts, rig.Chip.Resets);
        Assert.Equal(Bk7252SpiState.Passthrough, rig.Chip.State);
        var attempts = progress.Items.Select(p => p.Entry!.Attempt).Distinct().ToList();
        Assert.Equal(Enumerable.Range(1, info.EntryAttempts), attempts);
        Assert.True(progress.Items[^1].Elapsed > progress.Items[0].Elapsed);
        Assert.True(progress.Items[^1].Entry!.SawD2Echo);
    }

    [Fact]
    public void The_same_seed_needs_the_same_number_of_attempts()
    {
        int Run()
        {
            var (_, service) = SpiRigs.Create(success: 0.1, seed: 99);
            using (service) return service.Connect(null, CancellationToken.None).EntryAttempts;
        }
        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void A_chip_already_in_SPI_mode_is_used_without_any_CEN_pulse()
    {
        var (rig, service) = SpiRigs.Create(success: 1);
        using var _ = service;
        service.Connect(null, CancellationToken.None);
        int resets = rig.Chip.Resets;
        service.Connect(null, CancellationToken.None);
        Assert.Equal(resets, rig.Chip.Resets);
        Assert.Equal(0, service.Info.EntryAttempts);
    }

    [Fact]
    public void Giving_up_at_the_attempt_limit_says_the_chip_echoed_but_did_not_switch()
    {
        var (rig, service) = SpiRigs.Create(success: 0, attempts: 5);
        using var _ = service;
        var ex = Assert.Throws<BkException>(() => service.Connect(null, CancellationToken.None));
        Assert.StartsWith("The chip echoed the 0xD2 run but did not enter SPI mode in 5 attempts", ex.Message);
        Assert.Contains("--attempts", ex.Advice);
        Assert.Equal(5, rig.Chip.Resets);
    }

    [Fact]
    public void A_chip_that_never_listens_points_at_the_wiring()
    {
        var (_, service) = SpiRigs.Create(success: 1, attempts: 3, window: TimeSpan.Zero);
        using var _ = service;
        var ex = Assert.Throws<BkException>(() => service.Connect(null, CancellationToken.None));
        Assert.StartsWith("No reply from the chip in 3 attempts", ex.Message);
        Assert.Contains("TDO/P23→MISO", ex.Advice);
    }

    [Fact]
    public void Entry_can_be_cancelled_between_attempts()
    {
        var (rig, service) = SpiRigs.Create(success: 0);
        using var _ = service;
        using var cts = new CancellationTokenSource();
        var progress = new SpiRigs.Collect<SpiProgress> { Also = p => { if (p.Entry?.Attempt == 4) cts.Cancel(); } };
        Assert.ThrowsAny<OperationCanceledException>(() => service.Connect(progress, cts.Token));
        Assert.Equal(3, rig.Chip.Resets); // the fourth attempt was reported, then stopped before its CEN pulse
    }
}
