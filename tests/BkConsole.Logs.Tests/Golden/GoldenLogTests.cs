using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using BkConsole.Core.Events;
using BkConsole.Logs.Json;
using BkConsole.Logs.Pipeline;
using BkConsole.Logs.Rules;
using BkConsole.TestKit;

namespace BkConsole.Logs.Tests.Golden;

/// <summary>
/// Every real log in logs/ against logs/NAME.expected.json (events and boots written after reading the log).
/// Regenerate only after checking the differences by eye.
/// </summary>
public sealed class GoldenLogTests
{
    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static TheoryData<string> Logs()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(RepoPaths.Logs, "*.log").Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(f));
        return data;
    }

    [Fact]
    public void All_25_corpus_logs_have_an_expected_file()
    {
        var logs = Directory.GetFiles(RepoPaths.Logs, "*.log");
        Assert.Equal(25, logs.Length);
        Assert.All(logs, l => Assert.True(File.Exists(Path.ChangeExtension(l, ".expected.json")), l));
    }

    [Theory]
    [MemberData(nameof(Logs))]
    public void A_real_log_gives_exactly_its_expected_events_and_boots(string name)
    {
        var result = LogPipeline.ParseFile(RepoPaths.Log(name), new LogPipelineOptions { Rules = BuiltInRules.Value });
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(RepoPaths.Log(name), ".expected.json")));
        var expectedEvents = doc.RootElement.GetProperty("events").EnumerateArray()
            .Select(e => $"{e.GetProperty("line").GetInt32()} b{e.GetProperty("boot").GetInt32()} {e.GetProperty("kind").GetString()} " +
                         $"{e.GetProperty("severity").GetString()} {Write(w => e.GetProperty("fields").WriteTo(w))}")
            .ToList();
        var actualEvents = result.Events
            .Select(e => $"{e.LineNo} b{e.Boot} {e.Kind} {e.Severity.ToJson()} {Write(w => LogJson.WriteFields(w, e.Fields))}")
            .ToList();
        AssertSameLines(name, "events", expectedEvents, actualEvents);

        var expectedBoots = doc.RootElement.GetProperty("boots").EnumerateArray().Select(b => Write(b.WriteTo)).ToList();
        var actualBoots = result.Boots.Select(BootJson).ToList();
        AssertSameLines(name, "boots", expectedBoots, actualBoots);
    }

    private static string BootJson(BootRecord b) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("boot", b.Index);
        w.WriteNumber("firstLine", b.FirstLine);
        w.WriteNumber("lastLine", b.LastLine);
        Nullable(w, "bootloader", b.Bootloader);
        Nullable(w, "firmware", b.Firmware);
        Nullable(w, "jump", b.Jump is { } j ? LogJson.FormatAddress(j) : null);
        Nullable(w, "resetReason", b.ResetReason);
        w.WriteNumber("events", b.Events);
        w.WriteEndObject();
    });

    private static void Nullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value == null) w.WriteNull(name); else w.WriteString(name, value);
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, Compact)) write(w);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void AssertSameLines(string name, string what, List<string> expected, List<string> actual)
    {
        var missing = expected.Except(actual).Take(10).ToList();
        var extra = actual.Except(expected).Take(10).ToList();
        if (missing.Count == 0 && extra.Count == 0 && expected.SequenceEqual(actual)) return;
        var sb = new StringBuilder($"{name}: {what} differ (expected {expected.Count}, got {actual.Count})\n");
        foreach (var m in missing) sb.Append("  missing: ").AppendLine(m);
        foreach (var x in extra) sb.Append("  extra:   ").AppendLine(x);
        Assert.Fail(sb.ToString());
    }
}
