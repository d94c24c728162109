using BkConsole.Logs.Tests.Fixtures;

namespace BkConsole.Logs.Tests.Boots;

/// <summary>
/// Boot splitting on the SYNTHETIC multi-boot variants (Fixtures/Synthetic): every boot found once, with its lines,
/// bootloader, firmware, jump and reset reason; none split in two or merged.
/// </summary>
public sealed class SyntheticVariantTests
{
    /// <summary>(first line, bootloader, firmware, jump, reset reason) per boot.</summary>
    public static TheoryData<string, string> Expected() => new()
    {
        // T1 + TuyaOS: its own "system reset reason:[N]" (0 poweron, 4 software, 3 sw watchdog)
        { "v01", "1 T1_2.0.0 tuyaos 0x10000 poweron | 24 T1_2.0.0 tuyaos 0x10000 reboot | 47 T1_2.0.0 tuyaos 0x10000 watchdog" },
        // OpenBeken loop behind the Tuya BK7231N bootloader; the SDK's bk_misc_init_start_type gives the reason
        { "v02", "1 BK7231N_1.0.1 openbeken 0x10000 poweron | 23 BK7231N_1.0.1 openbeken 0x10000 poweron | 45 BK7231N_1.0.1 openbeken 0x10000 poweron | 67 BK7231N_1.0.1 openbeken 0x10000 poweron | 89 BK7231N_1.0.1 openbeken 0x10000 poweron" },
        // the same on the app UART only: the SDK's first line starts each boot
        { "v03", "1 - openbeken - poweron | 18 - openbeken - poweron | 35 - openbeken - poweron" },
        // LibreTiny "Reset reason: 6" (REBOOT_REASON_WATCHDOG)
        { "v04", "1 BK7231N_1.0.1 esphome 0x10000 watchdog | 17 BK7231N_1.0.1 esphome 0x10000 watchdog | 33 BK7231N_1.0.1 esphome 0x10000 watchdog" },
        { "v05", "1 - esphome - watchdog | 9 - esphome - watchdog | 17 - esphome - watchdog" },
        { "v06", "1 BK7231N_1.0.1 esphome 0x10000 watchdog | 17 BK7231N_1.0.1 esphome 0x10000 watchdog" },
        // RT-Thread camera: bk_reboot / task watchdog as the previous boot's last words
        { "v07", "1 V(0.1.3) rtthread 0x10000 - | 26 V(0.1.3) rtthread 0x10000 reboot | 50 V(0.1.3) rtthread 0x10000 watchdog" },
        { "v08", "1 BK7252N_1.0.14 rtthread 0x10000 - | 20 BK7252N_1.0.14 rtthread 0x10000 -" },
        { "v09", "1 - rtthread - - | 15 - rtthread - - | 28 - rtthread - -" },
        { "v10", "1 BK7238_1.0.14 beken-sdk 0x10000 poweron | 23 BK7238_1.0.14 beken-sdk 0x10000 watchdog" },
        { "v11", "1 BK7231n_1.0.8 beken-sdk 0x10000 poweron | 32 BK7231n_1.0.8 beken-sdk 0x10000 crash_undefined" },
        { "v12", "1 BK7231n_1.0.8 beken-sdk 0x10000 crash_undefined | 31 BK7231n_1.0.8 beken-sdk 0x10000 crash_undefined | 61 BK7231n_1.0.8 beken-sdk 0x10000 crash_undefined | 91 BK7231n_1.0.8 beken-sdk 0x10000 crash_undefined" },
        // brown-out: the banner glued behind the cut line opens the boot at that line
        { "v13", "1 - beken-sdk 0x10000 poweron | 14 BK7238_1.0.14 beken-sdk 0x10000 poweron | 32 BK7238_1.0.14 beken-sdk 0x10000 poweron" },
        // starts mid-boot: the partial boot is boot 1; Tuya lines taken by finer rules still say TuyaOS
        { "v14", "1 - tuyaos - poweron | 5 BK7231N_1.0.1 tuyaos 0x10000 watchdog" },
        { "v15", "1 BK7231N_1.0.1 openbeken 0x10000 poweron" },
        { "v16", "1 - beken-sdk - poweron | 14 - beken-sdk - reboot" },
        { "v17", "1 V(0.1.3) rtthread 0x10000 - | 24 V(0.1.3) rtthread 0x10000 reboot" },
        { "v19", "1 V(0.1.3) rtthread 0x10000 -" },
        { "v20", "1 BK7231N_1.0.1 - 0x10000 - | 10 BK7231N_1.0.1 - 0x10000 - | 19 BK7231N_1.0.1 - 0x10000 -" },
        // the second banner lost to noise: the bootloader's REG:/ST:/J lines still start the boot
        { "v21", "1 BK7231N_1.0.1 esphome 0x10000 watchdog | 13 - esphome 0x10000 watchdog" },
    };

    [Theory]
    [MemberData(nameof(Expected))]
    public void Each_boot_of_a_variant_is_found_once_with_its_facts(string variant, string expected)
    {
        var p = SyntheticLogs.Parse(variant);
        var actual = string.Join(" | ", p.Boots.Select(b =>
            $"{b.FirstLine} {b.Bootloader ?? "-"} {b.Firmware ?? "-"} {(b.Jump is { } j ? $"0x{j:x}" : "-")} {b.ResetReason ?? "-"}"));
        Assert.Equal(expected, actual);
        // boots tile the capture: each starts right after the previous one
        for (int i = 1; i < p.Boots.Count; i++) Assert.Equal(p.Boots[i - 1].LastLine + 1, p.Boots[i].FirstLine);
        Assert.All(p.Events, e => Assert.InRange(e.LineNo, p.Boots[e.Boot - 1].FirstLine, p.Boots[e.Boot - 1].LastLine));
    }

    [Fact]
    public void A_start_line_inside_a_word_is_not_taken_for_a_reset_mid_line()
    {
        var p = SyntheticLogs.Parse("v16"); // second boot opens at "prvHeapInit-start ..."
        Assert.DoesNotContain(p.Events, e => e.Kind == "boot.reset_mid_line");
        Assert.False(p.Boots[1].ResetMidLine);
    }

    [Fact]
    public void A_banner_glued_behind_a_cut_line_marks_the_boot_and_keeps_the_cut_text()
    {
        var p = SyntheticLogs.Parse("v13");
        var cuts = p.Events.Where(e => e.Kind == "boot.reset_mid_line").ToList();
        Assert.Equal([2, 3], cuts.Select(e => e.Boot));
        Assert.StartsWith("[THD]wp", cuts[0].Get("before"));
        Assert.True(p.Boots[1].ResetMidLine && p.Boots[2].ResetMidLine);
    }
}
