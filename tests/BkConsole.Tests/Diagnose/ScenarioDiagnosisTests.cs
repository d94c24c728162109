using BkConsole.Core.Diagnosis;
using BkConsole.Core.Events;
using BkConsole.Logs.Diagnosis;

namespace BkConsole.Tests.Diagnose;

/// <summary>Findings no real log shows, on the simulator's scenarios (generated text → real pipeline → engine).</summary>
public sealed class ScenarioDiagnosisTests
{
    private static IReadOnlyList<Finding> Diagnose(string scenario, int boots) =>
        DiagnosisEngine.Default.Diagnose(ScenarioCapture.Run(scenario, boots));

    private static string Ids(IReadOnlyList<Finding> f) => string.Join(", ", f.Select(x => $"{x.Id}@{x.Boot}:{x.Severity.ToJson()}"));

    [Fact]
    public void Normal_boot_has_no_alarm()
    {
        var f = Diagnose("normal", 1);
        Assert.False(f.Any(x => x.Severity >= Severity.Warning && !x.Benign), Ids(f));
    }

    [Fact]
    public void Ota_with_the_fal_table_missing_is_ota_not_applied()
    {
        var f = Diagnose("ota-fal-missing", 2);
        var hit = f.SingleOrDefault(x => x.Id == "ota.not_applied_no_fal");
        Assert.True(hit != null, Ids(f));
        Assert.Equal(2, hit!.Boot);
        Assert.Contains(hit.Evidence, e => e.Kind == "fal.partition_table_missing");
        Assert.DoesNotContain(f, x => x.Id is "boot.unexplained_reset" or "power.brownout_suspected");
        // FAL's own "Don't found the partition table." is the table, not a missing download partition
        Assert.DoesNotContain(f, x => x.Id == "ota.download_partition_missing");
    }

    [Fact]
    public void Boot_loop_scenario_is_a_loop()
    {
        var f = Diagnose("boot-loop", 5);
        Assert.True(f.Any(x => x.Id is "boot.loop" or "boot.crash_loop"), Ids(f));
    }

    [Fact]
    public void Crash_scenario_shows_the_exception_and_pc()
    {
        var f = Diagnose("crash", 2);
        var hit = f.FirstOrDefault(x => x.Id == "crash.detected");
        Assert.True(hit != null, Ids(f));
        Assert.Contains("undefined instruction", hit!.Title);
        Assert.DoesNotContain("unknown", hit.Title);
    }

    [Fact]
    public void Brownout_scenario_is_a_suspected_brownout()
    {
        var f = Diagnose("brownout", 2);
        Assert.True(f.Any(x => x.Id == "power.brownout_suspected"), Ids(f));
    }

    [Fact]
    public void Bootloader_only_scenario_is_app_not_started()
    {
        var f = Diagnose("bootloader-only", 1);
        Assert.True(f.Any(x => x.Id == "app.not_started"), Ids(f));
    }

    [Fact]
    public void Wrong_baud_scenario_is_link_wrong_baud()
    {
        var f = Diagnose("wrong-baud", 1);
        Assert.True(f.Any(x => x.Id == "link.wrong_baud"), Ids(f));
    }
}
