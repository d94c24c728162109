using BkConsole.Core.Diagnosis;
using BkConsole.Core.Events;

namespace BkConsole.Tests.Diagnose;

/// <summary>Every finding that a real log shows, diagnosed through the real pipeline; and no false alarms.</summary>
public sealed class RealLogDiagnosisTests
{
    private static IReadOnlyList<Finding> F(string prefix) => RealLogs.Diagnose(prefix).Findings;

    private static string Ids(IReadOnlyList<Finding> f) => string.Join(", ", f.Select(x => $"{x.Id}@{x.Boot}:{x.Severity.ToJson()}"));

    private static Finding One(string prefix, string id)
    {
        var f = F(prefix);
        var hits = f.Where(x => x.Id == id).ToList();
        Assert.True(hits.Count == 1, $"{prefix}: expected one {id}, got [{Ids(f)}]");
        return hits[0];
    }

    private static void None(string prefix, params string[] ids)
    {
        var f = F(prefix);
        Assert.False(f.Any(x => ids.Contains(x.Id)), $"{prefix}: unexpected [{Ids(f)}]");
    }

    [Theory]
    [InlineData("05")]
    [InlineData("06")]
    [InlineData("07")]
    [InlineData("20")]
    [InlineData("22")]
    public void App_verify_failed_is_benign(string log)
    {
        var f = One(log, "ota.app_verify_failed_benign");
        Assert.True(f.Benign);
        Assert.True(f.Severity <= Severity.Notice);
        Assert.Contains(f.Evidence, e => e.Kind == "ota.app_verify_failed");
        None(log, "app.not_started", "ota.app_verify_failed");
    }

    [Theory]
    [InlineData("11", Severity.Error)]
    [InlineData("23", Severity.Warning)]
    public void Bootloader_only_output_is_app_not_started(string log, Severity severity)
    {
        Assert.Equal(severity, One(log, "app.not_started").Severity);
    }

    [Fact]
    public void Log16_reset_mid_line_is_a_suspected_brownout()
    {
        var f = One("16", "power.brownout_suspected");
        Assert.Contains(f.Evidence, e => e.Kind == "boot.reset_mid_line");
    }

    [Fact]
    public void Log03_silent_reset_is_unexplained()
    {
        var f = One("03", "boot.unexplained_reset");
        Assert.Contains("vbat", f.Explanation);
    }

    [Fact]
    public void Log29_is_a_boot_loop_counted_by_esphome()
    {
        var f = One("29", "boot.loop");
        Assert.Contains("3 unsuccessful boot attempts", f.Explanation);
    }

    [Fact]
    public void Log31_reset_after_wifi_retries_is_reported()
    {
        var f = F("31");
        Assert.True(f.Any(x => x.Id is "boot.unexplained_reset" or "power.brownout_suspected"), Ids(f));
    }

    [Fact]
    public void Log32_undefined_instruction_crash_with_pc_and_lr()
    {
        var f = One("32", "crash.detected");
        Assert.Contains("0x102c4", f.Title);
        Assert.Contains("undefined instruction", f.Title);
    }

    [Theory]
    [InlineData("01")]
    [InlineData("02")]
    [InlineData("03")]
    [InlineData("09")]
    public void Sd_card_absent_is_benign(string log)
    {
        var f = F(log).Where(x => x.Id == "sd.absent_benign").ToList();
        Assert.NotEmpty(f);
        Assert.All(f, x => Assert.True(x.Benign && x.Severity == Severity.Notice));
    }

    [Fact]
    public void Log05_has_a_card_so_sd_is_not_absent() => None("05", "sd.absent_benign");

    [Fact]
    public void Log25_start_up_hang() => One("25", "app.hang_suspected");

    [Fact]
    public void Log28_wifi_auth_failed() => One("28", "wifi.auth_failed");

    [Fact]
    public void Log01_deep_sleep_restart_is_not_a_fault() =>
        None("01", "boot.unexplained_reset", "power.brownout_suspected", "boot.loop", "boot.watchdog_reset");

    /// <summary>Logs with nothing wrong: no error-level finding, and no reset/crash/link finding at all.</summary>
    [Theory]
    [InlineData("05")]
    [InlineData("06")]
    [InlineData("07")]
    [InlineData("10")]
    [InlineData("13")]
    [InlineData("14")]
    [InlineData("15")]
    [InlineData("18")]
    [InlineData("20")]
    [InlineData("21")]
    [InlineData("22")]
    [InlineData("27")]
    [InlineData("30")]
    public void Healthy_logs_raise_no_alarm(string log)
    {
        var f = F(log);
        Assert.False(f.Any(x => x.Severity >= Severity.Error), Ids(f));
        None(log, "boot.loop", "boot.crash_loop", "crash.detected", "power.brownout_suspected", "boot.unexplained_reset",
            "link.wrong_baud", "app.not_started", "ota.not_applied_no_fal");
    }

    [Fact]
    public void Every_real_log_diagnoses_without_error_and_evidence_points_into_the_file()
    {
        foreach (var name in RealLogs.Names)
        {
            var (data, findings) = RealLogs.Diagnose(name);
            int lines = data.Lines.Count;
            foreach (var f in findings)
            {
                Assert.All(f.Evidence, e => Assert.InRange(e.Line, 1, lines));
                Assert.DoesNotContain("{", f.Title);
            }
        }
    }
}
