using System.Text;
using BkConsole.Core.Events;
using BkConsole.Logs.Classify;
using BkConsole.Logs.Lines;
using BkConsole.Logs.Rules;

namespace BkConsole.Logs.Tests.Classify;

public sealed class ClassifierTests
{
    private static readonly Lazy<Classifier> Builtin = new(() => new Classifier(RuleSet.Load(new RuleSetOptions { UserFolder = false })));

    private static List<LogEvent> Classify(string text)
    {
        var asm = new LineAssembler();
        var lines = asm.Push(Encoding.UTF8.GetBytes(text + "\n"), DateTimeOffset.UnixEpoch);
        var hits = new List<ClassifiedEvent>();
        Builtin.Value.Classify(Assert.Single(lines), hits);
        return hits.Select(h => h.Event).ToList();
    }

    [Theory]
    [InlineData("FAL partition table not found")]
    [InlineData("\u001b[31;22m[E/FAL] (fal_partition_init:219) Partition table NOT found on flash: beken_onchip_crc (len: 24) from offset: 0x0000d55c.\u001b[0m")]
    [InlineData("[31;22m[E/FAL] (fal_partition_init:230) Partition table NOT found on flash: beken_onchip (len: 24) from offset: 0x00001000.[0m")]
    [InlineData("[2024-07-23 15:34:18]  [E/FAL] partition table not found")]
    public void The_missing_fal_partition_table_is_understood_in_any_spelling(string line)
    {
        var ev = Assert.Single(Classify(line), e => e.Kind == "fal.partition_table_missing");
        Assert.Equal(Severity.Error, ev.Severity);
    }

    [Fact]
    public void The_detailed_fal_message_gives_device_length_and_offset()
    {
        var ev = Classify("[E/FAL] (fal_partition_init:219) Partition table NOT found on flash: beken_onchip_crc (len: 24) from offset: 0x0000d55c.")
            .Single(e => e.Kind == "fal.partition_table_missing");
        Assert.Equal(["device=beken_onchip_crc", "length=24", "offset=0xd55c"], ev.Fields.Select(f => f.ToString()));
    }

    [Theory]
    [InlineData("SD CMD8 timeout")]
    [InlineData("cmd8 noresp, voltage mismatch or Ver1.X SD or not SD")]
    [InlineData("W sd_card: CMD8 SEND_IF_COND err:-3902")]
    [InlineData("[22:02:20]sd: CMD8 time out")]
    public void Sd_cmd8_failures_are_understood_in_any_spelling(string line)
    {
        var ev = Assert.Single(Classify(line), e => e.Kind == "sd.cmd_timeout");
        Assert.Equal("cmd8", ev.Get("command")!.ToLowerInvariant());
    }

    [Theory]
    [InlineData("J 0x10000")]
    [InlineData("jump to:0x10000")]
    [InlineData("jump to 0x10000")]
    [InlineData("go os_addr(0x10000)..........")]
    [InlineData("[2024-07-23 15:34:18]  go os_addr(0x10000)..........")]
    public void Jump_addresses_are_understood_in_any_spelling(string line)
    {
        var ev = Assert.Single(Classify(line), e => e.Kind == "boot.jump");
        Assert.Equal("0x10000", ev.Get("address"));
    }

    [Theory]
    [InlineData("start_type:0", "poweron")]
    [InlineData("start_type:2", "watchdog")]
    [InlineData("start_type:6", "crash_undefined")]
    [InlineData("start_type:8", "crash_data_abort")]
    [InlineData("start_type:c", "crash_per_xat0")]
    public void Start_type_codes_are_named_from_the_reset_source_enum(string line, string reason)
    {
        Assert.Equal(reason, Assert.Single(Classify(line)).Get("reason"));
    }

    [Fact]
    public void A_bootloader_banner_glued_behind_text_yields_the_bootloader_event_with_its_position()
    {
        var asm = new LineAssembler();
        var line = Assert.Single(asm.Push("prvHea0BK7238_1.0.14\n"u8, DateTimeOffset.UnixEpoch));
        var hits = new List<ClassifiedEvent>();
        Builtin.Value.Classify(line, hits);
        var hit = Assert.Single(hits, h => h.Event.Kind == "boot.bootloader");
        Assert.Equal("BK7238_1.0.14", hit.Event.Get("version"));
        Assert.Equal(7, hit.MatchIndex);
    }

    [Fact]
    public void A_mostly_noise_line_is_line_garbled_with_its_ratio()
    {
        var ev = Assert.Single(Classify("\uFFFD\uFFFD\uFFFDa\uFFFD\uFFFDb\uFFFD"));
        Assert.Equal("line.garbled", ev.Kind);
        Assert.Equal("0.75", ev.Get("ratio"));
    }

    [Fact]
    public void Tuya_log_is_a_fallback_that_gives_way_to_finer_rules()
    {
        Assert.Equal(["tuya.reset_reason"], Classify("[01-01 00:00:00 TUYA N][lr:0x4eb2b] reset info -> reason is 0").Select(e => e.Kind));
        Assert.Equal(["tuya.log"], Classify("[01-01 00:00:00 ty E][4163][log_seq.c:884] logseq empty").Select(e => e.Kind));
    }

    [Fact]
    public void Lines_no_rule_takes_give_no_events()
    {
        Assert.Empty(Classify("scan_start_req_handler"));
        Assert.Empty(Classify(""));
    }
}
