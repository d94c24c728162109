using System.Text;
using BkConsole.Core.Errors;
using BkConsole.Core.Events;
using BkConsole.Logs.Boots;
using BkConsole.Logs.Json;
using BkConsole.Logs.Pipeline;
using BkConsole.Logs.Rules;
using BkConsole.TestKit;

namespace BkConsole.Logs.Tests.Pipeline;

public sealed class LogPipelineTests
{
    [Fact]
    public void A_missing_file_is_a_clear_failure_naming_the_file()
    {
        var ex = Assert.Throws<BkException>(() => LogPipeline.ParseFile("/nonexistent/x.log", new LogPipelineOptions { Rules = BuiltInRules.Value }));
        Assert.Equal("file not found: /nonexistent/x.log", ex.Message);
        Assert.Equal(ExitCodes.Failure, ex.ExitCode);
    }

    [Fact]
    public void Batching_sink_hands_over_lines_events_and_the_latest_boot_record()
    {
        var sink = new BatchingSink();
        var p = new LogPipeline(sink, new LogPipelineOptions { Rules = BuiltInRules.Value });
        p.Push("V:BK7231N_1.0.1\nJ 0x10000\nhello\n"u8, DateTimeOffset.UnixEpoch);
        var batch = sink.Drain();
        Assert.Equal(3, batch.Lines.Count);
        Assert.Equal(["boot.bootloader", "boot.jump"], batch.Events.Select(e => e.Kind));
        Assert.Equal(0x10000UL, Assert.Single(batch.Boots).Jump);
        Assert.True(sink.Drain().IsEmpty);
        Assert.Equal(1, p.Stats.Unparsed);
    }

    [Fact]
    public void A_prompt_is_flushed_by_the_idle_timer()
    {
        var sink = new BatchingSink();
        var p = new LogPipeline(sink, new LogPipelineOptions { Rules = BuiltInRules.Value });
        p.Push("msh />"u8, DateTimeOffset.UnixEpoch);
        Assert.True(p.FlushIfIdle(DateTimeOffset.UnixEpoch.AddSeconds(1)));
        Assert.Equal("rtthread.prompt", Assert.Single(sink.Drain().Events).Kind);
    }

    [Fact]
    public void Event_json_follows_the_output_contract()
    {
        var r = LogPipeline.ParseBytes("V(0.1.3)\ngo os_addr(0x10000)..........\n"u8, "06_x.log", new LogPipelineOptions { Rules = BuiltInRules.Value });
        var sw = new StringWriter();
        using (var json = new LogJson(sw))
        {
            json.WriteEvent("06_x.log", r.Events[1]);
            json.WriteBoot("06_x.log", r.Boots[0]);
        }
        Assert.Equal(
            "{\"file\":\"06_x.log\",\"boot\":1,\"line\":2,\"kind\":\"boot.jump\",\"severity\":\"info\",\"fields\":{\"address\":\"0x10000\"},\"text\":\"go os_addr(0x10000)..........\"}\n" +
            "{\"file\":\"06_x.log\",\"boot\":1,\"firstLine\":1,\"lastLine\":2,\"bootloader\":\"V(0.1.3)\",\"firmware\":null,\"jump\":\"0x10000\",\"resetReason\":null,\"events\":2}\n",
            sw.ToString());
    }

    [Fact]
    public void Numbers_are_json_numbers_and_text_keeps_non_ascii_readable()
    {
        var sw = new StringWriter();
        using (var json = new LogJson(sw))
            json.WriteEvent("f", new LogEvent("x.y", Severity.Notice, 1, 3, "Local聽MAC", [EventField.Of("code", -4), EventField.Of("s", "€")]) { Boot = 2 });
        Assert.Equal("{\"file\":\"f\",\"boot\":2,\"line\":3,\"kind\":\"x.y\",\"severity\":\"notice\",\"fields\":{\"code\":-4,\"s\":\"€\"},\"text\":\"Local聽MAC\"}\n", sw.ToString());
    }

    [Fact]
    public void Unparsed_lines_group_by_shape_with_numbers_normalised()
    {
        Assert.Equal("===wlan_event_handle:#===", UnparsedCounter.Normalise("===wlan_event_handle:12==="));
        Assert.Equal("addr 0x# len #", UnparsedCounter.Normalise("addr   0x4AB8 len 10 "));
        var r = LogPipeline.ParseBytes(Encoding.UTF8.GetBytes("foo 1\nfoo 22\nbar\n"), "t",
            new LogPipelineOptions { Rules = BuiltInRules.Value, TrackUnparsed = true });
        var top = r.Unparsed!.Top(5);
        Assert.Equal(("foo #", 2, 1), (top[0].Shape, top[0].Count, top[0].FirstLine));
    }

    [Fact]
    public void Parsing_a_real_file_counts_every_line()
    {
        var r = LogPipeline.ParseFile(RepoPaths.Log("06_bk7252-a13cam-bootloader-app-verify-failed-rtthread-fal.log"),
            new LogPipelineOptions { Rules = BuiltInRules.Value });
        Assert.Equal(51, r.Stats.Lines);
        Assert.Equal(r.Events.Count, r.Stats.Events);
    }

    [Fact]
    public void A_file_streamed_without_keeping_events_hands_every_event_to_the_sink_with_its_boot()
    {
        var path = RepoPaths.Log("06_bk7252-a13cam-bootloader-app-verify-failed-rtthread-fal.log");
        var options = new LogPipelineOptions { Rules = BuiltInRules.Value };
        var kept = LogPipeline.ParseFile(path, options);
        var seen = new EventRecorder();
        var streamed = LogPipeline.ParseFile(path, options, seen, keepEvents: false);
        Assert.Empty(streamed.Events);
        Assert.Equal(kept.Stats.Events, streamed.Stats.Events);
        Assert.Equal(kept.Events.Select(e => (e.LineNo, e.Kind, e.Boot)), seen.Events.Select(e => (e.LineNo, e.Kind, e.Boot)));
        Assert.True(kept.Events.Count > 10);
    }

    [Fact]
    public void A_sink_failing_to_write_is_not_reported_as_the_capture_being_unreadable()
    {
        var path = RepoPaths.Log("06_bk7252-a13cam-bootloader-app-verify-failed-rtthread-fal.log");
        var ex = Assert.Throws<IOException>(() =>
            LogPipeline.ParseFile(path, new LogPipelineOptions { Rules = BuiltInRules.Value }, new FullDisk(), keepEvents: false));
        Assert.Equal("No space left on device", ex.Message);
    }

    private sealed class FullDisk : ILogSink
    {
        public void OnLine(LogLine line, int boot) { }

        public void OnEvent(LogEvent ev) => throw new IOException("No space left on device");

        public void OnBoot(BootRecord boot, BootChange change) { }
    }

    private sealed class EventRecorder : ILogSink
    {
        public List<LogEvent> Events { get; } = [];

        public void OnLine(LogLine line, int boot) { }

        public void OnEvent(LogEvent ev) => Events.Add(ev);

        public void OnBoot(BootRecord boot, BootChange change) { }
    }
}
