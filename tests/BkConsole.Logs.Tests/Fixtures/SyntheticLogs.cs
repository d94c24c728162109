using BkConsole.Core.Events;
using BkConsole.Logs.Boots;
using BkConsole.Logs.Diagnosis;
using BkConsole.Logs.Pipeline;
using BkConsole.Logs.Rules;
using BkConsole.TestKit;

namespace BkConsole.Logs.Tests.Fixtures;

/// <summary>Parses the SYNTHETIC variants in Fixtures/Synthetic (see its README) through the real pipeline.</summary>
internal static class SyntheticLogs
{
    public static string Folder => Path.Combine(RepoPaths.Root, "tests", "BkConsole.Logs.Tests", "Fixtures", "Synthetic");

    public sealed record Parsed(IReadOnlyList<BootRecord> Boots, IReadOnlyList<LogEvent> Events, IReadOnlyList<string> Lines)
    {
        public IReadOnlyList<Core.Diagnosis.Finding> Diagnose() => DiagnosisEngine.Default.Diagnose(Boots, Events, Lines);
    }

    private sealed class Sink : ILogSink
    {
        public readonly List<BootRecord> Boots = [];
        public readonly List<LogEvent> Events = [];
        public readonly SortedDictionary<int, string> Lines = [];
        public void OnLine(LogLine line, int boot) => Lines[line.LineNo] = line.Text;
        public void OnEvent(LogEvent ev) => Events.Add(ev);
        public void OnBoot(BootRecord boot, BootChange change) { if (change == BootChange.Closed) Boots.Add(boot); }
    }

    public static Parsed Parse(string prefix)
    {
        var file = Directory.GetFiles(Folder, prefix + "*.log").Single();
        var sink = new Sink();
        var p = new LogPipeline(sink, new LogPipelineOptions { Rules = BuiltInRules.Value });
        p.Push(File.ReadAllBytes(file), DateTimeOffset.UnixEpoch);
        p.Complete();
        int max = sink.Lines.Count == 0 ? 0 : sink.Lines.Keys.Max();
        var lines = Enumerable.Range(1, max).Select(n => sink.Lines.GetValueOrDefault(n, "")).ToList();
        return new Parsed(sink.Boots, sink.Events, lines);
    }
}
