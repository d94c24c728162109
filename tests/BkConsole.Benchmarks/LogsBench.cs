using System.Diagnostics;
using System.Globalization;
using BkConsole.Core.Events;
using BkConsole.Logs.Lines;
using BkConsole.Logs.Pipeline;
using BkConsole.Logs.Rules;

namespace BkConsole.Benchmarks;

/// <summary>
/// <c>parse</c>: the real corpus (logs/*.log) repeated to at least 1,000,000 lines, fed through the line assembler
/// alone and through the whole pipeline (assembler → classifier → boots) with the rules loaded as <c>bkconsole parse</c>
/// loads them (interpreted regexes, hot shapes compiled in the background), on one thread. Prints lines/s by this
/// thread's CPU time (the one-core figure the goal is judged on), by the process's CPU time (adds JIT, GC and the
/// background regex compiler) and by wall time, and bytes allocated per line. Goal: ≥ 1,000,000 lines/s.
/// </summary>
public sealed class LogsBench : IBenchSuite
{
    private const long TargetLines = 1_000_000;
    private const double GoalLinesPerSecond = 1_000_000;

    public string Name => "parse";

    public string Description => "log pipeline over the real corpus repeated to >= 1M lines (lines/s, B/line)";

    public int Run(string[] args, TextWriter output)
    {
        var logs = FindLogs();
        var corpus = logs.Select(File.ReadAllBytes).ToList();
        long corpusLines = corpus.Sum(b => (long)b.AsSpan().Count((byte)'\n'));
        int repeat = (int)Math.Ceiling(TargetLines / (double)corpusLines);
        var sw = Stopwatch.StartNew();
        var rules = RuleSet.Load(new RuleSetOptions { UserFolder = false });
        output.WriteLine($"rules: {rules.Rules.Count} from {rules.Sources.Count} files, loaded in {sw.ElapsedMilliseconds} ms (as bkconsole parse loads them)");
        output.WriteLine($"corpus: {logs.Count} files, {corpus.Sum(b => b.Length)} bytes, {corpusLines} lines, repeated {repeat}x");

        // warm-up: JIT, and the shapes tried often get compiled in the background as in a long capture
        RunPipeline(corpus, repeat, rules);
        RunAssembler(corpus, 1);

        var a = RunCost.Measure(() => RunAssembler(corpus, repeat));
        output.WriteLine($"assembler: {Format(a)}");
        var none = RuleSet.FromText("", "none.rules");
        var n = RunCost.Measure(() => RunPipeline(corpus, repeat, none));
        output.WriteLine($"pipeline without rules: {Format(n)}");
        var p = RunCost.Measure(() => RunPipeline(corpus, repeat, rules));
        output.WriteLine($"pipeline: {Format(p)}");
        output.WriteLine($"prefilter: {rules.Rules.Count} rules, {_tried / (double)p.Count:0.000} rules tried per line");
        output.WriteLine($"load average while measuring: {LoadAverage()}");
        output.WriteLine($"goal: >= {GoalLinesPerSecond:N0} lines/s (thread cpu): {(p.Count / p.Thread >= GoalLinesPerSecond ? "met" : "NOT met")}");
        return 0;
    }

    /// <summary>Lines/s by this thread's CPU, by process CPU and by wall time, and bytes allocated per line.</summary>
    private static string Format(RunCost c) =>
        $"{c.Count} lines, thread cpu {c.Thread:0.000} s = {c.Count / c.Thread:N0} lines/s; process cpu {c.ProcessCpu:0.000} s = {c.Count / c.ProcessCpu:N0} lines/s; " +
        $"wall {c.Wall:0.000} s = {c.Count / c.Wall:N0} lines/s; {c.Allocated / (double)c.Count:0.0} B/line";

    private static string LoadAverage()
    {
        try { return File.ReadAllText("/proc/loadavg").Trim(); }
        catch (IOException) { return "unknown"; }
    }

    private static long RunAssembler(List<byte[]> corpus, int repeat)
    {
        var sink = new CountingSink();
        var asm = new LineAssembler();
        var now = DateTimeOffset.UnixEpoch;
        for (int r = 0; r < repeat; r++)
            foreach (var file in corpus)
                for (int off = 0; off < file.Length; off += 4096)
                    asm.Push(file.AsSpan(off, Math.Min(4096, file.Length - off)), now, sink);
        asm.Flush(sink);
        return sink.Count;
    }

    private static long _tried;

    private static long RunPipeline(List<byte[]> corpus, int repeat, RuleSet rules)
    {
        long lines = 0;
        _tried = 0;
        var now = DateTimeOffset.UnixEpoch;
        for (int r = 0; r < repeat; r++)
        {
            foreach (var file in corpus)
            {
                var p = new LogPipeline(null, new LogPipelineOptions { Rules = rules });
                for (int off = 0; off < file.Length; off += 4096)
                    p.Push(file.AsSpan(off, Math.Min(4096, file.Length - off)), now);
                p.Complete();
                lines += p.Stats.Lines;
                _tried += p.RulesTried;
            }
        }
        return lines;
    }

    internal static List<string> FindLogs()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "BkConsole.sln"))) dir = dir.Parent;
        if (dir == null) throw new InvalidOperationException("BkConsole.sln not found");
        return Directory.GetFiles(Path.Combine(dir.FullName, "logs"), "*.log").Order(StringComparer.Ordinal).ToList();
    }
}
