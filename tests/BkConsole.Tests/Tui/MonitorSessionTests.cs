using BkConsole.Core.Events;
using BkConsole.Tests.Tui.Support;
using BkConsole.TestKit;
using BkConsole.Tui.Session;

namespace BkConsole.Tests.Tui;

public sealed class MonitorSessionTests
{
    private static MonitorSession NewSession(MemoryPort port, IEnumerable<ICaptureSink>? sinks = null, int scrollback = 1000) =>
        new(new MonitorOptions { Port = port.Path, Baud = 115200, ScrollbackLines = scrollback, Echo = true },
            port.Opener, new LineSplitPipeline(), sinks);

    private static async Task DrainUntil(MonitorSession s, Func<bool> done, string what) =>
        await Eventually.True(done, what, () => s.Drain());

    [Fact]
    public async Task Received_lines_reach_the_scrollback_with_their_events_and_boots()
    {
        var port = new MemoryPort("/dev/ttyTEST0");
        await using var s = NewSession(port);
        await s.StartAsync(CancellationToken.None);
        port.Current.Feed("V:BK7252_1.0.14\nJ 0x10000\n \\ | /\n- RT-Thread Operating System\n[E/FAL] (fal_init) FAL partition table not found\n");
        await DrainUntil(s, () => s.Scrollback.Count == 5, "five lines");

        Assert.Equal("J 0x10000", s.Scrollback[1].Text);
        Assert.Equal("boot.jump", s.Scrollback[1].Event?.Kind);
        Assert.Null(s.Scrollback[2].Event);
        Assert.Equal(Severity.Error, s.Scrollback[4].Severity);
        Assert.Single(s.Boots.Items);
        Assert.Equal(0x10000UL, s.Boots.Current!.Jump);
        Assert.Equal("rt-thread", s.Boots.Current.Firmware);
        Assert.Equal(4, s.CurrentBoot.Items.Count);
        Assert.Equal(ConnectionState.Connected, s.State);
    }

    [Fact]
    public async Task A_new_boot_clears_the_current_boot_events()
    {
        var port = new MemoryPort("/dev/ttyTEST0");
        await using var s = NewSession(port);
        await s.StartAsync(CancellationToken.None);
        port.Current.Feed("V:BK7252_1.0.14\nJ 0x10000\nV:BK7252_1.0.14\n");
        await DrainUntil(s, () => s.Boots.Items.Count == 2, "two boots");

        Assert.Equal(2, s.CurrentBoot.Boot);
        Assert.Single(s.CurrentBoot.Items);
    }

    [Fact]
    public async Task Scrollback_is_capped_and_counts_what_fell_off()
    {
        var port = new MemoryPort("/dev/ttyTEST0");
        await using var s = NewSession(port, scrollback: 10);
        await s.StartAsync(CancellationToken.None);
        port.Current.Feed(string.Concat(Enumerable.Range(1, 25).Select(i => $"line {i}\n")));
        await DrainUntil(s, () => s.Scrollback.Added == 25, "25 lines");

        Assert.Equal(10, s.Scrollback.Count);
        Assert.Equal(15, s.Scrollback.Dropped);
        Assert.Equal("line 16", s.Scrollback[0].Text);
        Assert.Equal("line 25", s.Scrollback[9].Text);
    }

    [Fact]
    public async Task Unplug_shows_waiting_for_device_and_replug_continues_without_losing_bytes()
    {
        var port = new MemoryPort("/dev/ttyUSB7");
        using var folder = new TempFolder("tui");
        var logFile = folder.File("capture.log");
        await using (var s = NewSession(port, [new RawLogFile(logFile)]))
        {
            await s.StartAsync(CancellationToken.None);
            port.Current.Feed("before 1\nbefore 2\npartial");
            port.Unplug();
            await DrainUntil(s, () => s.State == ConnectionState.WaitingForDevice, "waiting for device");

            Assert.Contains(s.Scrollback.Items().Select(l => l.Text), t => t == "before 2");
            Assert.Contains(s.Scrollback.Items().Select(l => l.Text), t => t == "partial");
            Assert.Contains(s.Scrollback.Items(), l => l.Source == ScrollLineSource.Marker && l.Text.Contains("went away"));

            port.PlugIn();
            await DrainUntil(s, () => s.State == ConnectionState.Connected, "reconnected");
            port.Current.Feed("after 1\n");
            await DrainUntil(s, () => s.Scrollback.Items().Any(l => l.Text == "after 1"), "line after replug");

            Assert.Contains(s.Scrollback.Items(), l => l.Source == ScrollLineSource.Marker && l.Text.Contains("session continues"));
            Assert.Equal(2, port.Opens);
        }
        Assert.Equal("before 1\nbefore 2\npartialafter 1\n", File.ReadAllText(logFile));
    }

    [Fact]
    public async Task The_log_file_is_appended_to_and_never_truncated()
    {
        using var folder = new TempFolder("tui");
        var logFile = folder.File("capture.log");
        File.WriteAllText(logFile, "old session\n");
        var port = new MemoryPort("/dev/ttyTEST0");
        await using (var s = NewSession(port, [new RawLogFile(logFile)]))
        {
            await s.StartAsync(CancellationToken.None);
            port.Current.Feed(new byte[] { 0x00, 0xFF, (byte)'o', (byte)'k', 0x0D, 0x0A });
            await DrainUntil(s, () => s.BytesProcessed == 6, "six bytes");
        }
        var bytes = File.ReadAllBytes(logFile);
        Assert.Equal("old session\n"u8.ToArray().Concat(new byte[] { 0x00, 0xFF, (byte)'o', (byte)'k', 0x0D, 0x0A }), bytes);
    }

    [Fact]
    public async Task Sending_a_line_appends_the_chosen_line_ending_and_echoes_it()
    {
        var port = new MemoryPort("/dev/ttyTEST0");
        await using var s = NewSession(port);
        await s.StartAsync(CancellationToken.None);
        s.LineEnding = SendLineEnding.Lf;
        await s.SendLineAsync("reboot", CancellationToken.None);
        s.Drain();

        Assert.Equal("reboot\n"u8.ToArray(), port.Current.Written.Single());
        Assert.Contains(s.Scrollback.Items(), l => l.Source == ScrollLineSource.Sent && l.Text == "» reboot");
    }

    [Fact]
    public async Task A_reset_pulse_on_a_port_without_modem_lines_says_why()
    {
        var port = new MemoryPort("/dev/pts/9");
        await using var s = NewSession(port);
        await s.StartAsync(CancellationToken.None);
        await s.ResetPulseAsync(CancellationToken.None);
        s.Drain();

        Assert.Contains("no reset pulse on /dev/pts/9", s.Message);
        Assert.Contains("no DTR/RTS", s.Message);
    }

    [Fact]
    public async Task A_reset_pulse_holds_DTR_and_RTS_then_RTS_alone_and_releases_both()
    {
        var lines = new RecordingModemLines();
        var port = new MemoryPort("/dev/ttyUSB0") { Lines = lines };
        await using var s = NewSession(port);
        await s.StartAsync(CancellationToken.None);
        await s.ResetPulseAsync(CancellationToken.None);
        s.Drain();

        // CEN low on whichever line is wired (both asserted), then EN via RTS with the boot pin (DTR) released
        Assert.Equal(["DTR=1", "RTS=1", "DTR=0", "RTS=0", "DTR=0", "RTS=0"], lines.Changes);
        Assert.False(lines.Dtr);
        Assert.False(lines.Rts);
        Assert.StartsWith("reset pulse sent (DTR+RTS", s.Message);
    }

    [Fact]
    public async Task A_cancelled_reset_pulse_does_not_leave_the_chip_held_in_reset()
    {
        var lines = new RecordingModemLines();
        var port = new MemoryPort("/dev/ttyUSB0") { Lines = lines };
        await using var s = NewSession(port);
        await s.StartAsync(CancellationToken.None);
        using var cts = new CancellationTokenSource();
        var pulse = s.ResetPulseAsync(cts.Token);
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pulse);
        Assert.False(lines.Dtr);
        Assert.False(lines.Rts);
    }

    [Fact]
    public async Task Changing_the_baud_rate_reaches_the_open_port()
    {
        var port = new MemoryPort("/dev/ttyTEST0");
        await using var s = NewSession(port);
        await s.StartAsync(CancellationToken.None);
        s.SetBaud(921600);
        s.Drain();

        Assert.Equal(921600, port.Current.BaudRate);
        Assert.Equal(921600, s.Baud);
        Assert.Equal("baud set to 921600", s.Message);
    }

    [Fact]
    public async Task Releasing_the_port_closes_it_and_resuming_reopens_it()
    {
        var port = new MemoryPort("/dev/ttyTEST0");
        await using var s = NewSession(port);
        await s.StartAsync(CancellationToken.None);
        var first = port.Current;
        await s.ReleasePortAsync(CancellationToken.None);
        Assert.True(first.Disposed);
        await DrainUntil(s, () => s.State == ConnectionState.Released, "released");

        s.ResumePort();
        await DrainUntil(s, () => s.State == ConnectionState.Connected, "connected again");
        Assert.Equal(2, port.Opens);
        port.Current.Feed("next boot\n");
        await DrainUntil(s, () => s.Scrollback.Items().Any(l => l.Text == "next boot"), "next boot");
    }

    [Fact]
    public async Task Findings_are_asked_for_after_events_and_shown_when_they_change()
    {
        var port = new MemoryPort("/dev/ttyTEST0");
        var source = new CountingFindings();
        await using var s = new MonitorSession(new MonitorOptions { Port = port.Path }, port.Opener, new LineSplitPipeline(), findings: source);
        await s.StartAsync(CancellationToken.None);
        port.Current.Feed("V:BK7252_1.0.14\n[E/FAL] FAL partition table not found\n");
        await DrainUntil(s, () => s.Findings.Count == 1, "one finding");

        Assert.Equal("ota.not_applied_no_fal", s.Findings[0].Id);
    }

    private sealed class CountingFindings : IFindingSource
    {
        public IReadOnlyList<FindingItem> Evaluate(IReadOnlyList<BootRecord> boots, IReadOnlyList<LogEvent> recentEvents) =>
            recentEvents.Any(e => e.Kind == "fal.partition_table_missing")
                ? [new FindingItem("ota.not_applied_no_fal", Severity.Error, "OTA not applied", "no FAL table", "flash over UART", 1)]
                : [];
    }
}
