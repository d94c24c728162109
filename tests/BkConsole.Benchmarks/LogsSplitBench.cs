using System.Diagnostics;
using BkConsole.Core.Events;
using BkConsole.Logs.Classify;
using BkConsole.Logs.Lines;
using BkConsole.Logs.Rules;

namespace BkConsole.Benchmarks;

/// <summary>
/// <c>parse-split</c>: where the parse time goes. The corpus is assembled once; then the classifier alone runs over
/// those lines repeated to >= 1M, and the rules whose prefilter lets the most lines through are listed.
/// </summary>
public sealed class LogsSplitBench : IBenchSuite
{
    public string Name => "parse-split";

    public string Description => "classifier alone over the assembled corpus; rules tried most after the prefilter";

    public int Run(string[] args, TextWriter output)
    {
        var rules = RuleSet.Load(new RuleSetOptions { UserFolder = false, CompileRegex = true });
        var lines = new List<LogLine>();
        foreach (var path in LogsBench.FindLogs())
        {
            var asm = new LineAssembler();
            asm.Push(File.ReadAllBytes(path), DateTimeOffset.UnixEpoch, lines);
            asm.Flush(lines);
        }
        int repeat = (int)Math.Ceiling(1_000_000.0 / lines.Count);
        var classifier = new Classifier(rules);
        var events = new List<ClassifiedEvent>();
        for (int i = 0; i < 3; i++) foreach (var l in lines) { events.Clear(); classifier.Classify(l, events); }
        var proc = Process.GetCurrentProcess();
        var cpu0 = proc.TotalProcessorTime;
        long alloc0 = GC.GetAllocatedBytesForCurrentThread();
        var sw = Stopwatch.StartNew();
        long n = 0;
        for (int r = 0; r < repeat; r++)
            foreach (var l in lines) { events.Clear(); classifier.Classify(l, events); n++; }
        sw.Stop();
        proc.Refresh();
        double cpu = (proc.TotalProcessorTime - cpu0).TotalSeconds;
        output.WriteLine($"classifier alone: {n} lines, wall {sw.Elapsed.TotalSeconds:0.000} s, cpu {cpu:0.000} s = {n / cpu:N0} lines/s, {(GC.GetAllocatedBytesForCurrentThread() - alloc0) / (double)n:0.0} B/line");

        // per rule: lines its prefilter lets through (the classifier's test, redone here), and the cost of trying it
        var tried = new List<(CompiledRule Rule, int Lines, double Us)>();
        var fields = new List<EventField>();
        foreach (var rule in rules.Rules)
        {
            var anywhere = rule.Triggers.Except(rule.StartTriggers).ToList();
            var passing = lines.Where(l => Passes(rule, anywhere, l.Text)).ToList();
            foreach (var l in passing) { fields.Clear(); rule.TryMatch(l.Text, HostPrefix.Skip(l.Text), fields, out _); } // JIT
            var t = Stopwatch.StartNew();
            foreach (var l in passing) { fields.Clear(); rule.TryMatch(l.Text, HostPrefix.Skip(l.Text), fields, out _); }
            tried.Add((rule, passing.Count, t.Elapsed.TotalMilliseconds * 1000 / lines.Count));
        }
        output.WriteLine($"{lines.Count} corpus lines; rules costing the most per corpus line:");
        foreach (var (rule, count, us) in tried.OrderByDescending(x => x.Us).Take(20))
            output.WriteLine($"  {count,6} lines  {us,6:0.00} us/line  {rule.Kind,-24} {rule.Id}  start=[{string.Join("|", rule.StartTriggers)}] all=[{string.Join("|", rule.Triggers)}]");
        return 0;
    }

    private static bool Passes(CompiledRule rule, List<string> anywhere, string text)
    {
        if (rule.Triggers.Count == 0) return true;
        var rest = text.AsSpan(HostPrefix.Skip(text)).TrimStart();
        foreach (var t in rule.StartTriggers)
            if (rest.StartsWith(t, StringComparison.OrdinalIgnoreCase)) return true;
        foreach (var t in anywhere)
            if (rest.Contains(t, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }
}
