using System.Text;
using BkConsole.Core.Events;
using BkConsole.Logs.Boots;
using BkConsole.Logs.Pipeline;
using BkConsole.Logs.Rules;

namespace BkConsole.Logs.Tests.Boots;

public sealed class BootSplitterTests
{
    private sealed class Recorder : ILogSink
    {
        public List<(BootRecord Boot, BootChange Change)> Boots { get; } = new();
        public List<(LogLine Line, int Boot)> Lines { get; } = new();
        public List<LogEvent> Events { get; } = new();
        public void OnLine(LogLine line, int boot) => Lines.Add((line, boot));
        public void OnEvent(LogEvent ev) => Events.Add(ev);
        public void OnBoot(BootRecord boot, BootChange change) => Boots.Add((boot, change));
    }

    [Fact]
    public void The_current_boot_is_visible_and_updated_while_lines_arrive()
    {
        var rec = new Recorder();
        var p = new LogPipeline(rec, new LogPipelineOptions { Rules = BuiltInRules.Value });
        p.Push("V:BK7231N_1.0.1\r\nST:00000000\r\n"u8, DateTimeOffset.UnixEpoch);
        Assert.Equal("BK7231N_1.0.1", p.CurrentBoot!.Bootloader);
        Assert.Null(p.CurrentBoot.Jump);
        p.Push("J 0x10000\r\nbk_misc_init_start_type 0 0\r\nstart_type:2\r\n"u8, DateTimeOffset.UnixEpoch.AddSeconds(1));
        Assert.Equal(0x10000UL, p.CurrentBoot!.Jump);
        Assert.Equal("watchdog", p.CurrentBoot.ResetReason);
        Assert.Equal(BootChange.Opened, rec.Boots[0].Change);
        Assert.Contains(rec.Boots, b => b.Change == BootChange.Updated && b.Boot.Jump == 0x10000UL);
        p.Complete();
        Assert.Equal(BootChange.Closed, rec.Boots[^1].Change);
        Assert.Equal(5, rec.Boots[^1].Boot.LastLine);
    }

    [Fact]
    public void The_previous_boots_last_words_give_the_next_boots_reset_reason()
    {
        var text = "V:BK7231N_1.0.1\nJ 0x10000\nundefined instruction\nshutdown...\nV:BK7231N_1.0.1\nJ 0x10000\n";
        var r = LogPipeline.ParseBytes(Encoding.UTF8.GetBytes(text), "t", new LogPipelineOptions { Rules = BuiltInRules.Value });
        Assert.Equal(2, r.Boots.Count);
        Assert.Equal("crash_undefined", r.Boots[1].ResetReason); // the words of sdk.start_type (start_type:6)
        Assert.Equal(5, r.Boots[1].FirstLine);
    }

    [Fact]
    public void An_app_banner_right_after_a_bootloader_stays_in_the_same_boot()
    {
        var text = "BK7238_1.0.14\ngo os_addr(0x10000)..........\n\n \\ | /\n- RT -     Thread Operating System\n / | \\     3.1.0 build Sep  8 2023\n";
        var r = LogPipeline.ParseBytes(Encoding.UTF8.GetBytes(text), "t", new LogPipelineOptions { Rules = BuiltInRules.Value });
        var boot = Assert.Single(r.Boots);
        Assert.Equal("rtthread", boot.Firmware);
        Assert.All(r.Events, e => Assert.Equal(1, e.Boot));
    }

    [Fact]
    public void Lines_and_their_events_reach_the_sink_in_order_with_boot_indexes()
    {
        var rec = new Recorder();
        var p = new LogPipeline(rec, new LogPipelineOptions { Rules = BuiltInRules.Value });
        p.Push("x\nprvHea0BK7238_1.0.14\nST:0x00000000\n"u8, DateTimeOffset.UnixEpoch);
        p.Complete();
        Assert.Equal([1, 1, 1], rec.Lines.Select(l => l.Boot)); // the first boot had no events yet: the banner joins it, still marked as cut
        var ev = rec.Events.Select(e => (e.Kind, e.Boot, e.LineNo)).ToList();
        Assert.Equal(("boot.reset_mid_line", 1, 2), ev[0]);
        Assert.Equal(("boot.bootloader", 1, 2), ev[1]);
        Assert.Equal("prvHea0", rec.Events[0].Get("before"));
    }
}
