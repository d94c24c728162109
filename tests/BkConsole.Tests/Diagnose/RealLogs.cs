using BkConsole.Cli;
using BkConsole.Core.Diagnosis;
using BkConsole.Logs.Diagnosis;
using BkConsole.TestKit;

namespace BkConsole.Tests.Diagnose;

/// <summary>Parses and diagnoses the real logs of logs/ (each once per test run).</summary>
internal static class RealLogs
{
    private static readonly Dictionary<string, (CaptureData Data, IReadOnlyList<Finding> Findings)> Cache = new();
    private static readonly Lock Gate = new();

    public static IEnumerable<string> Names =>
        Directory.GetFiles(RepoPaths.Logs, "*.log").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    public static string Find(string prefix) => Names.Single(n => n.StartsWith(prefix + "_", StringComparison.Ordinal));

    public static (CaptureData Data, IReadOnlyList<Finding> Findings) Diagnose(string prefix)
    {
        var name = prefix.EndsWith(".log", StringComparison.Ordinal) ? prefix : Find(prefix);
        lock (Gate)
        {
            if (Cache.TryGetValue(name, out var hit)) return hit;
            var data = LogFileParser.Parse(RepoPaths.Log(name));
            var result = (data, DiagnosisEngine.Default.Diagnose(data.ToInput()));
            Cache[name] = result;
            return result;
        }
    }
}
