using BkConsole.Logs.Tests.Fixtures;

namespace BkConsole.Logs.Tests.Diagnosis;

/// <summary>Findings on the SYNTHETIC variants (Fixtures/Synthetic): the right ones on the right boot, and no others.</summary>
public sealed class SyntheticDiagnosisTests
{
    /// <summary>"boot:id" of every finding, in the engine's order.</summary>
    public static TheoryData<string, string> Expected() => new()
    {
        { "v01", "3:boot.watchdog_reset" },                                    // TuyaOS reset reason 3 = sw watchdog; 4 = requested
        { "v02", "5:boot.loop 5:openbk.safe_mode" },
        { "v03", "3:boot.loop" },                                              // found although no bootloader line was captured
        { "v04", "3:boot.loop" },                                              // once, not once more for ESPHome's own counter
        { "v05", "3:boot.loop" },
        { "v06", "2:boot.watchdog_reset" },                                    // LibreTiny "Reset reason: 6"
        { "v07", "1:ota.app_verify_failed_benign 1:sd.absent_benign 2:ota.app_verify_failed_benign 2:sd.absent_benign 3:boot.watchdog_reset 3:ota.app_verify_failed_benign 3:sd.absent_benign" },
        { "v08", "1:sd.absent_benign 2:boot.unexplained_reset 2:sd.absent_benign" },
        { "v10", "2:boot.watchdog_reset" },
        { "v11", "1:crash.detected" },
        { "v12", "1:crash.detected 2:crash.detected 3:crash.detected 4:boot.crash_loop" },
        { "v13", "2:power.brownout_suspected 3:boot.loop" },                   // cut lines point at the supply, even in a loop
        { "v14", "2:boot.watchdog_reset" },
        { "v15", "" },                                                         // a normal boot: no false alarm
        { "v16", "" },                                                         // start_type:1 = requested reboot
        { "v17", "1:ota.not_applied_no_fal 1:ota.init_failed 1:sd.absent_benign 2:ota.not_applied_no_fal 2:ota.init_failed 2:sd.absent_benign" },
        { "v18", "1:ota.download_partition_missing 1:sd.absent_benign" },
        { "v19", "1:sd.absent_benign" },                                       // an applied update is not a fault
    };

    [Theory]
    [MemberData(nameof(Expected))]
    public void A_variant_gets_exactly_its_findings(string variant, string expected)
    {
        var findings = SyntheticLogs.Parse(variant).Diagnose();
        Assert.Equal(expected, string.Join(" ", findings.Select(f => $"{f.Boot}:{f.Id}")));
    }

    [Fact]
    public void A_crash_names_pc_and_lr_and_its_text_has_no_terminal_time_stamp()
    {
        var f = Assert.Single(SyntheticLogs.Parse("v11").Diagnose());
        Assert.Equal("Crash: undefined instruction at PC 0x102c4", f.Title);
        Assert.Contains("The CPU raised \"undefined instruction\" (PC 0x102c4, LR 0x102c4, SP 0x4014f0)", f.Explanation);
    }

    [Fact]
    public void A_loop_counts_the_boots_it_saw()
    {
        var findings = SyntheticLogs.Parse("v02").Diagnose();
        var loop = findings.Single(f => f.Id == "boot.loop");
        Assert.StartsWith("Boot loop: 5 boots", loop.Title);
        Assert.Contains("started 5 times in a row", loop.Explanation);
        var crash = SyntheticLogs.Parse("v12").Diagnose().Single(f => f.Id == "boot.crash_loop");
        Assert.Contains("3 boots in a row ended in a CPU exception (undefined instruction)", crash.Explanation);
        Assert.Contains("PC 0x102c4, LR 0x102c4", crash.Explanation);
    }
}
