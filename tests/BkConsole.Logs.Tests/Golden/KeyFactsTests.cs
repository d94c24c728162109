using BkConsole.Core.Events;
using BkConsole.Logs.Pipeline;
using BkConsole.Logs.Rules;
using BkConsole.TestKit;

namespace BkConsole.Logs.Tests.Golden;

/// <summary>The facts a reader takes from each key log, stated by hand (independent of the golden files).</summary>
public sealed class KeyFactsTests
{
    private static LogParseResult Parse(string prefix)
    {
        var file = Directory.GetFiles(RepoPaths.Logs, prefix + "_*.log").Single();
        return LogPipeline.ParseFile(file, new LogPipelineOptions { Rules = BuiltInRules.Value });
    }

    private static LogEvent One(LogParseResult r, string kind) => Assert.Single(r.Events, e => e.Kind == kind);

    [Fact]
    public void Bk7252_doorbell_bootloader_fails_app_verify_then_jumps_to_0x10000_and_starts_rtthread()
    {
        var r = Parse("06");
        var boot = Assert.Single(r.Boots);
        Assert.Equal("V(0.1.3)", boot.Bootloader);
        Assert.Equal(0x10000UL, boot.Jump);
        Assert.Equal("rtthread", boot.Firmware);
        Assert.Equal(20, One(r, "ota.app_verify_failed").LineNo);
        Assert.Equal("0.2.4", One(r, "ota.init").Get("version"));
        Assert.Equal("3.1.0", One(r, "rtthread.banner").Get("version"));
        Assert.Equal("Apr  1 2024", One(r, "rtthread.banner").Get("build"));
        Assert.Equal("beken_onchip", One(r, "fal.flash_device").Get("name"));
    }

    [Fact]
    public void Ipcam_with_deep_sleep_has_two_boots_and_the_second_woke_from_gpio()
    {
        var r = Parse("01");
        Assert.Equal(2, r.Boots.Count);
        Assert.Equal("poweron", r.Boots[0].ResetReason);
        Assert.Equal("deepps_gpio", r.Boots[1].ResetReason);
        Assert.Contains(r.Events, e => e.Kind == "power.deep_sleep" && e.Boot == 1);
        Assert.Contains(r.Events, e => e.Kind == "sd.absent" && e.Boot == 1);
        Assert.Equal(0xd55cUL, (ulong)r.Events.First(e => e.Kind == "fal.partition_table_found").Field("offset")!.Value.Number);
    }

    [Fact]
    public void Silent_reset_in_the_long_ipcam_log_starts_a_second_boot_at_the_rtthread_banner()
    {
        var r = Parse("03");
        Assert.Equal(2, r.Boots.Count);
        var banners = r.Events.Where(e => e.Kind == "rtthread.banner").ToList();
        Assert.Equal([1, 2], banners.Select(b => b.Boot));
    }

    [Fact]
    public void Bk7238_reset_in_a_thread_name_yields_reset_mid_line_and_a_new_boot()
    {
        var r = Parse("16");
        Assert.Equal(2, r.Boots.Count);
        Assert.Equal("BK7238_1.0.14", r.Boots[1].Bootloader);
        Assert.True(r.Boots[1].ResetMidLine);
        var mid = One(r, "boot.reset_mid_line");
        Assert.Equal("[THD]wp\uFFFD", mid.Get("before"));
        Assert.Equal(2, mid.Boot);
    }

    [Fact]
    public void T1_bootloader_reports_both_pingpong_slots_invalid_and_jumps()
    {
        var r = Parse("11");
        var pp = One(r, "boot.pingpong_invalid");
        Assert.Equal("1", pp.Get("slot0Error"));
        Assert.Equal("1", pp.Get("slot1Error"));
        Assert.Equal("T1_2.0.0", r.Boots[0].Bootloader);
        Assert.Null(r.Boots[0].Firmware); // the app never printed
    }

    [Fact]
    public void Tuyaos_t1_boot_is_tuyaos_with_its_sdk_version()
    {
        var r = Parse("10");
        Assert.Equal("3.8.31", One(r, "app.tuyaos").Get("version"));
        Assert.Equal("tuyaos", r.Boots[0].Firmware);
        Assert.Contains(r.Events, e => e.Kind == "tuya.log" && e.Get("level") == "E" && e.Get("file") == "log_seq.c");
    }

    [Fact]
    public void Sd_cmd8_fragment_gives_a_cmd8_timeout_and_sd_absent()
    {
        var r = Parse("09");
        Assert.Equal("CMD8", r.Events.First(e => e.Kind == "sd.cmd_timeout").Get("command"));
        Assert.Contains(r.Events, e => e.Kind == "sd.absent");
    }

    [Fact]
    public void Esphome_boot_loop_with_a_glued_banner_is_two_esphome_boots()
    {
        var r = Parse("29");
        Assert.Equal(2, r.Boots.Count);
        Assert.All(r.Boots, b => Assert.Equal("esphome", b.Firmware));
        Assert.Equal("\u20ac", One(r, "boot.reset_mid_line").Get("before"));
    }

    [Fact]
    public void Host_timestamps_do_not_hide_the_bootloader_banner()
    {
        var r = Parse("31");
        Assert.Equal(2, r.Boots.Count);
        Assert.Equal("BK7231N_1.0.1", r.Boots[1].Bootloader);
        Assert.False(r.Boots[1].ResetMidLine);
    }

    [Fact]
    public void Fc41d_crash_dump_is_an_undefined_instruction_with_registers_and_shutdown()
    {
        var r = Parse("32");
        Assert.Equal("undefined_instruction", One(r, "crash.exception").Get("type"));
        var regs = r.Events.Where(e => e.Kind == "crash.registers").ToList();
        Assert.Equal(2, regs.Count);                        // the "sp lr pc" line, then CPSR (undefined mode 0x1B)
        Assert.Equal("0x102c4", regs[0].Get("pc"));
        Assert.Equal("0x4014f0", regs[0].Get("sp"));
        Assert.Equal("0x9b", regs[1].Get("cpsr"));
        Assert.Null(r.Events.SingleOrDefault(e => e.Kind == "crash.registers" && e.LineNo < 30)); // not the bootloader's CPSR:0x000000D3
        Assert.Equal(189, One(r, "crash.shutdown").LineNo);
        Assert.Equal("BK7231n_1.0.8", r.Boots[0].Bootloader);
    }

    [Fact]
    public void Openbeken_hang_stops_at_main_init_before_delay()
    {
        var r = Parse("25");
        Assert.Equal("Main_Init_Before_Delay", r.Events.Last(e => e.Kind == "openbk.init_stage").Get("stage"));
        Assert.Equal("openbeken", r.Boots[0].Firmware);
        Assert.Equal("BK7231N_1.0.1", r.Boots[0].Bootloader);
    }

    [Fact]
    public void Openbeken_runtime_shows_mqtt_error_and_wifi_auth_failure()
    {
        var r = Parse("28");
        Assert.Equal("-4", One(r, "mqtt.error").Get("code"));
        One(r, "wifi.auth_failed");
        Assert.Contains(r.Events, e => e.Kind == "openbk.stats" && e.Get("time") == "9");
    }

    [Fact]
    public void Esc_stripped_colour_codes_still_give_fal_and_ota_events()
    {
        var r = Parse("22");
        One(r, "fal.init");
        One(r, "ota.init");
        One(r, "ota.app_verify_failed");
    }
}
