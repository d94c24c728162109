using BkConsole.Core.Events;
using BkConsole.Logs.Boots;
using BkConsole.Logs.Diagnosis;
using BkConsole.Logs.Pipeline;

namespace BkConsole.Benchmarks;

/// <summary>The real logs parsed once into diagnosis inputs (for <see cref="DiagBench"/>).</summary>
internal static class DiagBenchCorpus
{
    public static IReadOnlyList<DiagnosisInput> Load()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "BkConsole.sln"))) dir = dir.Parent;
        var logs = dir == null ? null : Path.Combine(dir.FullName, "logs");
        if (logs == null || !Directory.Exists(logs)) return [];
        var inputs = new List<DiagnosisInput>();
        foreach (var file in Directory.GetFiles(logs, "*.log").Order(StringComparer.Ordinal))
        {
            var sink = new Texts();
            var r = LogPipeline.ParseFile(file, null, sink);
            inputs.Add(DiagnosisInput.From(r.Boots, r.Events, sink.Lines));
        }
        return inputs;
    }

    private sealed class Texts : ILogSink
    {
        public List<string> Lines { get; } = [];

        public void OnLine(LogLine line, int boot)
        {
            while (Lines.Count < line.LineNo - 1) Lines.Add("");
            Lines.Add(line.Text);
        }

        public void OnEvent(LogEvent ev) { }

        public void OnBoot(BootRecord boot, BootChange change) { }
    }
}
