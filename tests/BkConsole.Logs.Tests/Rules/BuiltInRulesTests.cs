using BkConsole.Logs.Rules;

namespace BkConsole.Logs.Tests.Rules;

public sealed class BuiltInRulesTests
{
    [Fact]
    public void Every_built_in_rule_file_loads_and_every_sample_passes()
    {
        // Loading runs every rule's samples: a sample that does not match (or a reject that does) throws.
        var set = RuleSet.Load(new RuleSetOptions { UserFolder = false, CompileRegex = false });
        Assert.True(set.Rules.Count > 50, $"only {set.Rules.Count} rules");
        Assert.Contains("grammars/bootloader.rules", set.Sources);
        Assert.DoesNotContain(set.Sources, s => s.StartsWith("grammars/findings/", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_kind_of_the_event_vocabulary_has_a_rule()
    {
        string[] contract =
        [
            "boot.bootloader", "boot.start_type", "boot.jump", "boot.pingpong_invalid", "boot.download_wait",
            "rtthread.banner", "fal.init", "fal.flash_device", "fal.partition_table_found", "fal.partition",
            "fal.partition_table_missing", "ota.init", "ota.init_failed", "ota.download_partition_missing",
            "ota.app_verify_failed", "ota.upgrade_start", "ota.progress", "ota.erase", "ota.done",
            "sdk.rev", "sdk.osk_rev", "sdk.start_type", "sdk.chip_id", "sdk.flash_id", "sdk.flash_status_write",
            "reset.reboot", "reset.watchdog", "power.deep_sleep", "crash.exception", "crash.registers", "crash.shutdown",
            "sd.cmd_timeout", "sd.absent", "sd.ready", "app.openbeken", "app.libretiny", "app.esphome", "app.tuya_sdk",
            "app.tuyaos", "openbk.init_stage", "openbk.safe_mode", "openbk.stats", "wifi.connecting", "wifi.connected",
            "wifi.auth_failed", "wifi.got_ip", "mqtt.connected", "mqtt.error", "tuya.log", "tuya.reset_reason",
        ];
        var kinds = RuleSet.BuiltIn.Rules.Select(r => r.Kind).ToHashSet();
        var missing = contract.Where(k => !kinds.Contains(k)).ToList();
        Assert.True(missing.Count == 0, "no rule for: " + string.Join(", ", missing));
    }
}
