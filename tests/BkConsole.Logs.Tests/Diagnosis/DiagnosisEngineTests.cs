using BkConsole.Core.Diagnosis;
using BkConsole.Core.Events;
using BkConsole.Logs.Diagnosis;

namespace BkConsole.Logs.Tests.Diagnosis;

public sealed class DiagnosisEngineTests
{
    private static IReadOnlyList<Finding> Run(CaptureBuilder c, bool withLines = true) =>
        DiagnosisEngine.Default.Diagnose(c.Input(withLines));

    private static Finding Single(IReadOnlyList<Finding> findings, string id)
    {
        var f = findings.Where(x => x.Id == id).ToList();
        Assert.True(f.Count == 1, $"expected one {id}, got: {string.Join(", ", findings.Select(x => x.Id + "@" + x.Boot))}");
        return f[0];
    }

    private static void NoErrors(IReadOnlyList<Finding> findings) =>
        Assert.True(findings.All(f => f.Severity < Severity.Error),
            "unexpected error-level findings: " + string.Join(", ", findings.Where(f => f.Severity >= Severity.Error).Select(f => f.Id)));

    [Fact]
    public void App_verify_failed_followed_by_rtthread_is_benign_info()
    {
        var findings = Run(Mirrors.Log06());
        var f = Single(findings, "ota.app_verify_failed_benign");
        Assert.True(f.Benign);
        Assert.Equal(Severity.Info, f.Severity);
        Assert.Contains(f.Evidence, e => e.Kind == "ota.app_verify_failed" && e.Line == 7);
        Assert.Contains("started anyway", f.Explanation);
        Assert.DoesNotContain(findings, x => x.Id == "app.not_started");
        NoErrors(findings);
    }

    [Fact]
    public void App_verify_failed_at_the_end_of_a_truncated_capture_is_benign_and_not_app_not_started()
    {
        var findings = Run(Mirrors.Log22());
        var f = Single(findings, "ota.app_verify_failed_benign");
        Assert.Contains("capture ends", f.Explanation);
        Assert.DoesNotContain(findings, x => x.Id == "app.not_started");
        NoErrors(findings);
    }

    [Fact]
    public void Jump_followed_by_nothing_is_app_not_started_as_an_error()
    {
        var findings = Run(Mirrors.Log11());
        var f = Single(findings, "app.not_started");
        Assert.Equal(Severity.Error, f.Severity);
        Assert.Contains("T1_2.0.0", f.Explanation);
        Assert.Contains("0x10000", f.Explanation);
        Assert.Contains(f.Evidence, e => e.Kind == "boot.jump" && e.Line == 9);
    }

    [Fact]
    public void Bootloader_checks_then_silence_is_app_not_started_as_a_warning()
    {
        var f = Single(Run(Mirrors.Log23()), "app.not_started");
        Assert.Equal(Severity.Warning, f.Severity);
        Assert.Contains(f.Evidence, e => e.Kind == "ota.init");
    }

    [Fact]
    public void App_not_started_is_judged_from_events_alone_when_line_texts_are_missing()
    {
        Assert.Equal(Severity.Error, Single(Run(Mirrors.Log11(), withLines: false), "app.not_started").Severity);
        Assert.DoesNotContain(Run(Mirrors.Log18(), withLines: false), f => f.Id == "app.not_started");
    }

    [Fact]
    public void A_healthy_boot_yields_no_finding_at_all()
    {
        Assert.Empty(Run(Mirrors.Log18()));
        Assert.Empty(Run(Mirrors.Log18(), withLines: false));
    }

    [Fact]
    public void A_reset_in_the_middle_of_a_line_is_a_suspected_brownout()
    {
        var findings = Run(Mirrors.Log16());
        var f = Single(findings, "power.brownout_suspected");
        Assert.Equal(2, f.Boot);
        Assert.Contains(f.Evidence, e => e.Kind == "boot.reset_mid_line");
        Assert.Contains("mid-line", f.Title);
        Assert.DoesNotContain(findings, x => x.Id == "boot.unexplained_reset");
    }

    [Fact]
    public void One_silent_reset_at_a_line_boundary_is_an_unexplained_reset()
    {
        var findings = Run(Mirrors.Log03());
        var f = Single(findings, "boot.unexplained_reset");
        Assert.Equal(2, f.Boot);
        Assert.Contains("vbat 4249", f.Explanation);
        Assert.DoesNotContain(findings, x => x.Id == "power.brownout_suspected");
        Assert.Contains(findings, x => x.Id == "sd.absent_benign");
    }

    [Fact]
    public void A_restart_after_deep_sleep_is_not_a_fault()
    {
        var findings = Run(Mirrors.Log01());
        Assert.DoesNotContain(findings, x => x.Id is "boot.unexplained_reset" or "power.brownout_suspected" or "boot.loop");
        Assert.All(findings, x => Assert.Equal("sd.absent_benign", x.Id));
    }

    [Fact]
    public void Silent_reset_after_wifi_retries_is_unexplained_not_requested()
    {
        var f = Single(Run(Mirrors.Log31()), "boot.unexplained_reset");
        Assert.Contains("Probe Request Unsuccessful", f.Explanation);
    }

    [Fact]
    public void Sd_errors_without_a_card_are_benign_notice()
    {
        var f = Single(Run(Mirrors.Log09()), "sd.absent_benign");
        Assert.True(f.Benign);
        Assert.Equal(Severity.Notice, f.Severity);
        Assert.Equal([1, 3], f.Evidence.Select(e => e.Line));
    }

    [Fact]
    public void Sd_noise_with_a_ready_card_is_not_called_absent()
    {
        Assert.DoesNotContain(Run(Mirrors.SdPresent()), f => f.Id == "sd.absent_benign");
    }

    [Fact]
    public void Undefined_instruction_is_a_crash_with_pc_and_lr()
    {
        var f = Single(Run(Mirrors.Log32()), "crash.detected");
        Assert.Equal(Severity.Error, f.Severity);
        Assert.Contains("undefined instruction", f.Title);
        Assert.Contains("0x102c4", f.Title);
        Assert.Contains("LR 0x102c4", f.Explanation);
        Assert.Equal(["crash.exception", "crash.registers", "crash.shutdown"], f.Evidence.Select(e => e.Kind));
    }

    [Fact]
    public void Esphome_boot_attempt_counter_makes_a_boot_loop_with_the_last_lines()
    {
        var findings = Run(Mirrors.Log29());
        var f = Single(findings, "boot.loop");
        Assert.Contains("Local聽MAC", f.Explanation);
        Assert.Contains("3 unsuccessful boot attempts", f.Explanation);
        Assert.DoesNotContain(findings, x => x.Id == "power.brownout_suspected");
    }

    [Fact]
    public void Three_quick_silent_resets_are_a_boot_loop_not_a_brownout()
    {
        var findings = Run(Mirrors.BootLoop(4));
        var f = Single(findings, "boot.loop");
        Assert.Equal(4, f.Boot);
        Assert.StartsWith("Boot loop: 4 boots", f.Title);
        Assert.Contains("within 9 s", f.Explanation);
        Assert.Contains("hapd_intf_add_vif", f.Explanation);
        Assert.DoesNotContain(findings, x => x.Id is "power.brownout_suspected" or "boot.unexplained_reset");
    }

    [Fact]
    public void Two_boots_are_not_a_loop()
    {
        var findings = Run(Mirrors.BootLoop(2));
        Assert.DoesNotContain(findings, x => x.Id == "boot.loop");
        Single(findings, "boot.unexplained_reset");
    }

    [Fact]
    public void Boots_that_crash_every_time_are_a_crash_loop_with_the_exception_type()
    {
        var findings = Run(Mirrors.CrashLoop(3));
        var f = Single(findings, "boot.crash_loop");
        Assert.Equal(Severity.Critical, f.Severity);
        Assert.Contains("data abort", f.Title);
        Assert.Contains("PC 0x3c860", f.Explanation);
        Assert.DoesNotContain(findings, x => x.Id == "boot.loop");
        Assert.Equal(3, findings.Count(x => x.Id == "crash.detected"));
    }

    [Fact]
    public void Fal_table_missing_then_jump_is_ota_not_applied_quoting_the_devices_own_fal_table()
    {
        var findings = Run(Mirrors.OtaFalMissing());
        var f = Single(findings, "ota.not_applied_no_fal");
        Assert.Equal(Severity.Error, f.Severity);
        Assert.Equal(2, f.Boot);
        Assert.Contains("0x10000", f.Title);
        Assert.Contains("download 0x2ec000+0x112000", f.Explanation);
        Assert.Contains("ping-pong", f.Explanation);
        Assert.Contains("UART", f.Advice);
        Assert.Equal(["ota.progress", "fal.partition_table_missing", "boot.jump"], f.Evidence.Select(e => e.Kind));
        Assert.DoesNotContain(findings, x => x.Id is "boot.unexplained_reset" or "app.not_started");
    }

    [Fact]
    public void Without_a_printed_fal_table_the_known_bk7252_layouts_are_quoted()
    {
        var c = new CaptureBuilder().Boot("V(0.1.3)")
            .Event("[E/FAL] (fal_partition_init:219) Partition table NOT found on flash: beken_onchip_crc (len: 24) from offset: 0x0000d55c.", "fal.partition_table_missing")
            .Jump().Event("- RT -     Thread Operating System", "rtthread.banner");
        var f = Single(Run(c), "ota.not_applied_no_fal");
        Assert.Contains("app2 @0x1ba000", f.Explanation);
        Assert.Contains("download 0x2ec000+0x112000", f.Explanation);
        Assert.Contains("teardown", f.Explanation);
    }

    [Fact]
    public void Watchdog_reset_is_reported_and_a_requested_reboot_is_not()
    {
        var f = Single(Run(Mirrors.Watchdog()), "boot.watchdog_reset");
        Assert.Contains("task watchdog", f.Explanation);
        Assert.Empty(Run(Mirrors.RequestedReboot()));
    }

    [Fact]
    public void Garbage_text_is_a_wrong_baud_rate()
    {
        var f = Single(Run(Mirrors.WrongBaud()), "link.wrong_baud");
        Assert.Equal(Severity.Error, f.Severity);
        Assert.Equal(5, f.Evidence.Count);
    }

    [Fact]
    public void A_few_corrupted_characters_are_not_a_wrong_baud_rate()
    {
        var c = Mirrors.Log06().Line("[E/OTA] (ota_main:290) App verify failed! Need to recovery8factory\"firmware.")
            .Line(" 2006 - 2018 Copyrigjt by\u00A0rt-thread team ");
        Assert.DoesNotContain(Run(c), f => f.Id == "link.wrong_baud");
    }

    [Fact]
    public void Openbeken_start_up_that_stops_is_a_suspected_hang()
    {
        var f = Single(Run(Mirrors.Log25()), "app.hang_suspected");
        Assert.Contains("Main_Init_Before_Delay", f.Title);
    }

    [Fact]
    public void Wifi_auth_failure_is_a_warning()
    {
        var findings = Run(Mirrors.Log28());
        Assert.Equal(Severity.Warning, Single(findings, "wifi.auth_failed").Severity);
        NoErrors(findings);
    }

    [Fact]
    public void Safe_mode_and_missing_download_partition_come_from_data_rules()
    {
        var findings = Run(Mirrors.SafeModeAndNoDownload());
        Assert.Equal(Severity.Warning, Single(findings, "openbk.safe_mode").Severity);
        Assert.Equal(Severity.Error, Single(findings, "ota.download_partition_missing").Severity);
        Assert.DoesNotContain(findings, x => x.Id == "boot.loop"); // safe mode speaks for itself
    }

    [Fact]
    public void Live_capture_waits_for_quiet_before_concluding_nothing_followed()
    {
        var c = Mirrors.Log11();
        var end = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        c.At(end);
        var input = c.Input() with { Live = true, Now = end.AddSeconds(1) };
        Assert.DoesNotContain(DiagnosisEngine.Default.Diagnose(input), f => f.Id == "app.not_started");
        input = input with { Now = end.AddSeconds(30) };
        Assert.Contains(DiagnosisEngine.Default.Diagnose(input), f => f.Id == "app.not_started");
    }

    [Fact]
    public void Incremental_run_reports_only_recent_boots_but_still_sees_the_loop()
    {
        var input = Mirrors.BootLoop(6).Input() with { FirstBoot = 6 };
        var findings = DiagnosisEngine.Default.Diagnose(input);
        Assert.All(findings, f => Assert.True(f.Boot >= 6));
        Assert.Contains(findings, f => f.Id == "boot.loop");
    }

    [Fact]
    public void Every_must_have_id_has_wording_in_the_findings_file()
    {
        string[] ids =
        [
            "ota.not_applied_no_fal", "ota.download_partition_missing", "ota.app_verify_failed_benign", "boot.loop",
            "boot.crash_loop", "crash.detected", "boot.watchdog_reset", "boot.unexplained_reset",
            "power.brownout_suspected", "app.not_started", "link.wrong_baud", "sd.absent_benign", "openbk.safe_mode",
        ];
        var engine = DiagnosisEngine.Default;
        foreach (var id in ids)
        {
            Assert.True(engine.Catalog.Contains(id), id);
            Assert.Contains(id, engine.Ids);
        }
        foreach (var id in engine.Rules.SelectMany(r => r.Ids)) Assert.True(engine.Catalog.Contains(id), id);
    }

    [Fact]
    public void Benign_findings_are_never_above_notice()
    {
        foreach (var t in DiagnosisEngine.Default.Catalog.Templates.Where(t => t.Benign))
            Assert.True(t.Severity <= Severity.Notice, t.Id);
    }

    [Fact]
    public void A_deauth_failure_matched_as_auth_failed_does_not_count()
    {
        var c = new CaptureBuilder().Event("sending broadcast_deauth failed vif_entry == NULL", "wifi.auth_failed");
        Assert.Empty(Run(c));
    }

    [Fact]
    public void A_bootloader_tail_after_a_boot_whose_app_ran_is_not_app_not_started()
    {
        var findings = Run(Mirrors.Log16());
        Assert.DoesNotContain(findings, f => f.Id == "app.not_started");
    }
}
