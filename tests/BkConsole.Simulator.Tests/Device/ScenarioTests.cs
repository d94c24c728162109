using BkConsole.Core.Chips;
using BkConsole.Simulator.Device;
using BkConsole.Simulator.Scenarios;

namespace BkConsole.Simulator.Tests.Device;

public sealed class ScenarioTests
{
    private static SimOptions Fast(string scenario, ChipProfile? chip = null, int seed = 1) =>
        new() { Scenario = scenario, Chip = chip ?? ChipProfiles.Bk7252, Pacing = false, Seed = seed };

    [Fact]
    public async Task Normal_BK7252_boot_has_bootloader_FAL_RT_Thread_no_sdcard_and_Wi_Fi_lines()
    {
        await using var h = new InMemoryHost(Fast("normal"));
        var text = await h.ReadUntilAsync("ip address:");
        Assert.StartsWith("\0\r\nV(0.1.3)\r\nCPSR:0x000000D3\r\n", text);
        Assert.Contains("go os_addr(0x10000)..........", text);
        Assert.Contains("- RT -     Thread Operating System\r\n", text);
        Assert.Contains("\u001b[32;22m[I/FAL] | app        | beken_onchip_crc | 0x00010000 | 0x001a0000 |\u001b[0m\r\n", text);
        Assert.Contains("msh />cmd 1:3 \r\r\n", text);
        Assert.Contains("no sdcard", text);
        Assert.Contains("W sd_card: CMD8 SEND_IF_COND err:-3902", text);
        Assert.Contains("---------SM_CONNECT_IND_ok", text);
    }

    [Fact]
    public async Task OTA_with_a_missing_FAL_table_reboots_into_the_error_and_the_old_app_boots_again()
    {
        await using var h = new InMemoryHost(Fast("ota-fal-missing"));
        var text = await h.ReadUntilAsync(TimeSpan.FromSeconds(20), t =>
            t.Contains("Partition table NOT found", StringComparison.Ordinal) &&
            t.IndexOf("Thread Operating System", t.IndexOf("Partition table NOT found", StringComparison.Ordinal), StringComparison.Ordinal) > 0);
        int progress = text.IndexOf("ota download progress:100%", StringComparison.Ordinal);
        int missing = text.IndexOf("\u001b[31;22m[E/FAL] (fal_partition_init:219) Partition table NOT found on flash: beken_onchip_crc (len: 24) from offset: 0x", StringComparison.Ordinal);
        int jump = text.IndexOf("go os_addr(0x10000)", missing, StringComparison.Ordinal);
        int banner = text.IndexOf("build Mar 14 2023", jump, StringComparison.Ordinal);
        Assert.True(progress > 0 && missing > progress && jump > missing && banner > jump, text);
    }

    [Fact]
    public async Task Boot_loop_keeps_resetting_with_crash_dumps_and_watchdog_messages()
    {
        await using var h = new InMemoryHost(Fast("boot-loop"));
        var text = await h.ReadUntilAsync(TimeSpan.FromSeconds(20), t => t.Split("V(0.1.3)").Length > 4);
        Assert.Contains("undefined instruction\nCurrent regs:\n", text);
        Assert.Contains("task watchdog tiggered", text);
        Assert.Contains("\nshutdown...\n", text);
    }

    [Fact]
    public async Task Brownout_cuts_a_line_and_the_bootloader_banner_follows_without_a_newline()
    {
        await using var h = new InMemoryHost(Fast("brownout"));
        var text = await h.ReadUntilAsync(TimeSpan.FromSeconds(40), t => t.Contains("bitrate:\0\0\0\0\0\0\0\0\u00feV(0.1.3)", StringComparison.Ordinal));
        Assert.Contains("bitrate:\0\0\0\0\0\0\0\0\u00feV(0.1.3)", text);
        Assert.DoesNotContain("wdt reboot", text);
    }

    [Fact]
    public async Task Typing_reboot_on_the_console_restarts_the_device()
    {
        await using var h = new InMemoryHost(Fast("normal"));
        await h.ReadUntilAsync("ip address:");
        await h.WriteAsync("reboot\r");
        var text = await h.ReadUntilAsync(TimeSpan.FromSeconds(15), t => t.Split("V(0.1.3)").Length > 2 && t.Contains("start_type:1", StringComparison.Ordinal));
        Assert.True(text.Contains("bk_reboot\r\nwdt reboot\r\n", StringComparison.Ordinal), text[^Math.Min(3000, text.Length)..]);
        Assert.Contains("start_type:1", text);
    }

    [Fact]
    public async Task Link_checks_reaching_the_running_app_reboot_it_into_download_mode()
    {
        await using var h = new InMemoryHost(Fast("normal"));
        await h.ReadUntilAsync("ip address:");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        string text = "";
        while (DateTime.UtcNow < deadline && !text.Contains("\u0004\u000e\u0005\u0001\u00e0\u00fc\u0001\u0000", StringComparison.Ordinal))
        {
            await h.WriteAsync("01 E0 FC 01 00", hex: true);
            text = await h.ReadUntilAsync(TimeSpan.FromMilliseconds(10), _ => false);
        }
        Assert.Equal(DeviceState.Download, h.Device.State);
    }

    [Theory]
    [InlineData("bk7231t", "V:BK7231S_1.0.5")]
    [InlineData("bk7231n", "V:BK7231N_1.0.1")]
    [InlineData("bk7238", "BK7238_1.0.14\r\nREG:cpsr")]
    public async Task Other_chips_print_their_own_bootloader(string chip, string banner)
    {
        await using var h = new InMemoryHost(Fast("normal", ChipProfiles.Get(chip)));
        var text = await h.ReadUntilAsync(banner, "start_type:0", "ip address:");
        Assert.Contains(banner, text);
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_boot_log()
    {
        string a, b;
        await using (var h = new InMemoryHost(Fast("normal", seed: 42))) a = await h.ReadUntilAsync("lwIP-2.0.2");
        await using (var h = new InMemoryHost(Fast("normal", seed: 42))) b = await h.ReadUntilAsync("lwIP-2.0.2");
        Assert.Equal(a[..a.IndexOf("lwIP", StringComparison.Ordinal)], b[..b.IndexOf("lwIP", StringComparison.Ordinal)]);
    }

    [Fact]
    public void Every_scenario_name_resolves_and_an_unknown_one_is_a_usage_error()
    {
        foreach (var name in ScenarioCatalog.Names) Assert.Equal(name, ScenarioCatalog.Get(name).Name);
        Assert.Throws<Core.Errors.UsageException>(() => ScenarioCatalog.Get("nope"));
    }
}
