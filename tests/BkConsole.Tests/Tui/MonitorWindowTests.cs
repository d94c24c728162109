using BkConsole.Core.Events;
using BkConsole.Tests.Tui.Support;
using BkConsole.Tui;
using BkConsole.Tui.Host;
using BkConsole.Tui.Keys;
using BkConsole.Tui.Session;
using Terminal.Gui.Input;

namespace BkConsole.Tests.Tui;

[Collection(UiCollection.Name)]
public sealed class MonitorWindowTests
{
    private const string Boot =
        "V:BK7252_1.0.14\nJ 0x10000\n \\ | /\n- RT-Thread Operating System\n[E/FAL] (fal_init) FAL partition table not found\n";

    [Fact]
    public async Task The_log_pane_shows_received_lines_and_marks_event_lines()
    {
        await using var m = await HeadlessMonitor.StartAsync();
        await m.ReceiveAsync(Boot);
        var screen = m.Screen();

        Assert.Contains("RT-Thread Operating System", screen);
        Assert.Contains("✖ [E/FAL] (fal_init) FAL partition table not found", screen);
        Assert.Contains("• J 0x10000", screen);
    }

    [Fact]
    public async Task Error_lines_are_drawn_in_the_error_colour()
    {
        await using var m = await HeadlessMonitor.StartAsync();
        await m.ReceiveAsync(Boot);
        var lines = m.Screen().Split('\n');
        int y = Array.FindIndex(lines, l => l.Contains("FAL partition table not found"));
        int x = lines[y].IndexOf("[E/FAL]", StringComparison.Ordinal);
        var cell = m.App.Driver!.Contents![y, x];

        Assert.Equal(Theme.For(Severity.Error), cell.Attribute);
    }

    [Fact]
    public async Task The_events_pane_lists_the_current_boot_with_key_fields()
    {
        await using var m = await HeadlessMonitor.StartAsync();
        await m.ReceiveAsync(Boot);
        var screen = m.Screen();

        Assert.Contains("Boot #1 — key events (4 of 4)", screen);
        Assert.Contains("boot.jump", screen);
        Assert.Contains("address=0x10000", screen);
        Assert.Contains("fal.partition_table_missing", screen);
    }

    [Fact]
    public async Task The_boots_pane_lists_boot_number_firmware_and_jump()
    {
        await using var m = await HeadlessMonitor.StartAsync();
        await m.ReceiveAsync(Boot + "V:BK7252_1.0.14\nJ 0x10000\n");
        var screen = m.Screen();

        Assert.Contains("Boots (2)", screen);
        Assert.Contains("1  rt-thread / BK7252_1.0.14", screen);
        Assert.Contains("▶  2  BK7252_1.0.14", screen);
    }

    [Fact]
    public async Task The_findings_pane_shows_what_the_diagnosis_found()
    {
        await using var m = await HeadlessMonitor.StartAsync(
            new MonitorWindowOptions { DiagnosisAvailable = true }, findings: new FalFindings());
        Assert.Contains("nothing to report", m.Screen());
        await m.ReceiveAsync(Boot);
        var screen = m.Screen();

        Assert.Contains("Findings (1)", screen);
        Assert.Contains("OTA not applied: no FAL partition table", screen);
        Assert.Contains("→ flash over UART", screen);
    }

    [Fact]
    public async Task The_status_bar_shows_port_baud_state_rates_boots_and_db()
    {
        await using var m = await HeadlessMonitor.StartAsync();
        await m.ReceiveAsync(Boot);
        var status = m.Row(46);

        Assert.Contains("/dev/pts/7", status);
        Assert.Contains("115200 baud", status);
        Assert.Contains("● connected", status);
        Assert.Contains("B/s", status);
        Assert.Contains("lines/s", status);
        Assert.Contains("boots 1", status);
        Assert.Contains("db /tmp/test.db", status);
    }

    [Fact]
    public async Task F1_lists_every_key_of_the_key_table_and_Esc_closes_it()
    {
        await using var m = await HeadlessMonitor.StartAsync();
        m.Press(Key.F1);
        var screen = m.Screen();
        foreach (var b in KeyMap.Default.Bindings) Assert.Contains(b.Help, screen);

        m.Press(Key.Esc);
        Assert.DoesNotContain(KeyMap.Default.For(MonitorCommand.Dump).Help, m.Screen());
    }

    [Fact]
    public async Task Every_command_in_the_key_table_has_a_handler_and_a_key()
    {
        await using var m = await HeadlessMonitor.StartAsync();
        foreach (MonitorCommand c in Enum.GetValues<MonitorCommand>())
            Assert.NotEmpty(KeyMap.Default.For(c).Keys);
    }

    [Fact]
    public async Task Search_jumps_to_the_match_and_counts_matching_lines()
    {
        await using var m = await HeadlessMonitor.StartAsync(height: 20);
        await m.ReceiveAsync("needle one\n" + string.Concat(Enumerable.Range(1, 60).Select(i => $"hay {i}\n")) + "needle two\n");
        Assert.DoesNotContain("needle one", m.Screen());
        m.Press(new Key('/'));
        m.Type("needle");
        m.Press(Key.Enter);
        Assert.Contains("2 matching lines", m.Screen());
        Assert.Contains("needle two", m.Screen());

        m.Press(Key.N.WithShift);
        Assert.Contains("needle one", m.Screen());
        Assert.Contains("/needle/", m.Screen());
    }

    [Fact]
    public async Task A_bad_regex_says_so_instead_of_failing()
    {
        await using var m = await HeadlessMonitor.StartAsync();
        m.Press(Key.F.WithCtrl);
        m.Type("[unclosed");
        m.Press(Key.Enter);

        Assert.Contains("not a valid regular expression", m.Screen());
    }

    [Fact]
    public async Task The_severity_filter_keeps_only_events_at_or_above_it()
    {
        await using var m = await HeadlessMonitor.StartAsync();
        await m.ReceiveAsync(Boot + "a warning here\n");
        m.Press(Key.F4); // notice+
        m.Press(Key.F4); // warning+
        var screen = m.Screen();

        Assert.Contains("Log — warning+", screen);
        Assert.Contains("a warning here", screen);
        Assert.Contains("FAL partition table not found", screen);
        Assert.DoesNotContain("• J 0x10000", screen);
    }

    [Fact]
    public async Task The_kind_filter_keeps_lines_of_matching_kinds()
    {
        await using var m = await HeadlessMonitor.StartAsync();
        await m.ReceiveAsync(Boot);
        m.Press(Key.F5);
        m.Type("boot.jump");
        m.Press(Key.Enter);
        var screen = m.Screen();

        Assert.Contains("kind~boot.jump", screen);
        Assert.Contains("J 0x10000", screen);
        Assert.DoesNotContain("RT-Thread Operating System", screen);

        m.Press(Key.C);
        Assert.Contains("RT-Thread Operating System", m.Screen());
    }

    [Fact]
    public async Task Pause_freezes_the_screen_while_capture_goes_on()
    {
        await using var m = await HeadlessMonitor.StartAsync();
        await m.ReceiveAsync("first line\n");
        m.Press(Key.F6);
        await m.ReceiveAsync("while paused\n");
        var screen = m.Screen();

        Assert.Contains("PAUSED +1", screen);
        Assert.DoesNotContain("while paused", screen);

        m.Press(Key.F6);
        Assert.Contains("while paused", m.Screen());
    }

    [Fact]
    public async Task The_hex_view_shows_the_raw_bytes()
    {
        await using var m = await HeadlessMonitor.StartAsync();
        await m.ReceiveAsync("AB\r\n");
        m.Press(Key.F7);
        var screen = m.Screen();

        Assert.Contains("Log — hex", screen);
        Assert.Contains("00000000  41 42 0d 0a", screen);
        Assert.Contains("│AB..", screen);
    }

    [Fact]
    public async Task Event_kinds_show_beside_event_lines_on_demand()
    {
        await using var m = await HeadlessMonitor.StartAsync();
        await m.ReceiveAsync(Boot);
        Assert.DoesNotContain("‹boot.jump›", m.Screen());
        m.Press(Key.K);

        Assert.Contains("J 0x10000  ‹boot.jump›", m.Screen());
    }

    [Fact]
    public async Task Timestamps_toggle_adds_the_host_time()
    {
        await using var m = await HeadlessMonitor.StartAsync();
        await m.ReceiveAsync("tick\n");
        m.Press(Key.T);

        Assert.Matches(@"\d\d:\d\d:\d\d\.\d\d\d   tick", m.Screen());
    }

    [Fact]
    public async Task Send_line_writes_to_the_port_and_echoes()
    {
        await using var m = await HeadlessMonitor.StartAsync();
        m.Press(Key.F8);
        m.Type("help");
        m.Press(Key.Enter);
        await Eventually.True(() => m.Port.Current.Written.Count == 1, "line written");
        Assert.Equal("help\r\n"u8.ToArray(), m.Port.Current.Written[0]);
        Assert.Contains("» help", m.Screen());
    }

    [Fact]
    public async Task Change_baud_updates_the_port_and_the_status_bar()
    {
        await using var m = await HeadlessMonitor.StartAsync();
        m.Press(Key.F9);
        m.Press(Key.Backspace.WithCtrl);
        foreach (var _ in "115200") m.Press(Key.Backspace);
        m.Type("921600");
        m.Press(Key.Enter);

        Assert.Contains("921600 baud", m.Row(46));
        Assert.Equal(921600, m.Port.Current.BaudRate);
    }

    [Fact]
    public async Task Reset_on_a_pty_says_why_it_cannot()
    {
        await using var m = await HeadlessMonitor.StartAsync();
        m.Press(Key.F10);
        await Eventually.True(() => { m.Window.Tick(); return m.Session.Message != null; }, "message");

        Assert.Contains("no reset pulse on /dev/pts/7", m.Screen());
    }

    [Fact]
    public async Task Letters_typed_into_a_prompt_do_not_run_commands()
    {
        await using var m = await HeadlessMonitor.StartAsync();
        m.Press(Key.F8);
        m.Type("pt");
        Assert.False(m.Window.Log.Paused);
        Assert.False(m.Window.Log.Timestamps);
        m.Press(Key.Esc);
        Assert.DoesNotContain("send (CRLF):", m.Screen());
    }

    [Fact]
    public async Task Scrolling_up_stops_following_and_End_follows_again()
    {
        await using var m = await HeadlessMonitor.StartAsync(height: 20);
        await m.ReceiveAsync(string.Concat(Enumerable.Range(1, 100).Select(i => $"row {i}\n")));
        m.Press(Key.PageUp);
        Assert.Contains("scrolled", m.Screen());
        Assert.DoesNotContain("row 100", m.Screen());
        m.Press(Key.End);

        Assert.Contains("row 100", m.Screen());
    }

    [Fact]
    public async Task Ctrl_Q_quits()
    {
        await using var m = await HeadlessMonitor.StartAsync();
        m.Press(Key.Q.WithCtrl);

        Assert.True(m.Window.QuitRequested);
    }

    [Fact]
    public async Task Unplug_shows_waiting_for_device_in_the_status_bar()
    {
        await using var m = await HeadlessMonitor.StartAsync();
        m.Port.Unplug();
        await Eventually.True(() => { m.Window.Tick(); return m.Session.State == ConnectionState.WaitingForDevice; }, "waiting");

        Assert.Contains("● waiting for device", m.Row(46));
        Assert.Contains("device went away", m.Screen());
    }

    [Fact]
    public async Task Bytes_arriving_wake_the_window_which_drains_and_draws_them_without_a_tick()
    {
        await using var m = await HeadlessMonitor.StartAsync();
        var drawn = new List<double>();
        m.Window.DrawnLatencyObserver = drawn.Add;
        m.Window.StartTicking();
        long passes = m.Window.Passes;

        m.Port.Current.Feed("woken by the reader\n");
        // the reader's wake-up is an Invoke: it runs with the main loop's timers (no Tick, no fallback timer here)
        await Eventually.True(() => { m.App.TimedEvents!.RunTimers(); return drawn.Count > 0; }, "a pass drew the line");

        Assert.True(m.Window.Passes > passes);
        Assert.Contains("woken by the reader", m.App.Driver!.ToString());
        Assert.InRange(drawn[0], 0, 60_000);
    }

    [Fact]
    public async Task Debug_events_are_hidden_from_the_events_pane_until_v_shows_them()
    {
        await using var m = await HeadlessMonitor.StartAsync(pipeline: new LogsPipeline());
        await m.ReceiveAsync("V:BK7252_1.0.14\nCPSR:0x000000D3\nR14(LR):0x77F6FF6B\nJ 0x10000\n");
        var screen = m.Screen();
        Assert.Contains("boot.jump", screen);
        Assert.DoesNotContain("boot.registers", screen);
        Assert.Contains("key events (2 of 4)", screen);

        m.Press(Key.V);
        screen = m.Screen();
        Assert.Contains("boot.registers", screen);
        Assert.Contains("register=CPSR", screen);
        Assert.Contains("key events + debug (4 of 4)", screen);

        m.Press(Key.F1);
        Assert.Contains(KeyMap.Default.For(MonitorCommand.DebugEvents).Help, m.Screen());
    }

    [Fact]
    public async Task A_shorter_row_leaves_nothing_of_the_longer_row_drawn_before_it()
    {
        await using var m = await HeadlessMonitor.StartAsync();
        await m.ReceiveAsync("ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ\n");
        Assert.Contains("ZZZZZZZZZZ", m.Screen());
        m.Press(Key.F5);
        m.Type("no.such.kind");
        m.Press(Key.Enter);
        var screen = m.Screen();

        Assert.Contains("no line matches the filter", screen);
        Assert.DoesNotContain("ZZ", screen);
    }

    private sealed class FalFindings : IFindingSource
    {
        public IReadOnlyList<FindingItem> Evaluate(IReadOnlyList<BootRecord> boots, IReadOnlyList<LogEvent> recentEvents) =>
            recentEvents.Any(e => e.Kind == "fal.partition_table_missing")
                ? [new FindingItem("ota.not_applied_no_fal", Severity.Error, "OTA not applied: no FAL partition table",
                    "the bootloader jumped to 0x10000", "flash over UART", 1)]
                : [];
    }
}
