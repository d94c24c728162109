using System.Diagnostics;
using BkConsole.Core.Events;
using BkConsole.Logs.Boots;
using BkConsole.Logs.Classify;
using BkConsole.Logs.Json;
using BkConsole.Logs.Lines;
using BkConsole.Logs.Pipeline;
using BkConsole.Logs.Rules;

namespace BkConsole.Benchmarks;

/// <summary>
/// <c>parse-split</c>: where the parse time goes, stage by stage, each over the corpus repeated to >= 1M lines on one
/// thread: line assembler (bytes → lines), its text cleaner alone, classifier alone (rules as the CLI loads them and
/// with every shape compiled up front), boot splitter alone, JSON output of the events, and the whole pipeline with its
/// GC counts. Then the rules whose prefilter lets the most lines through. Args: [--no-rules-list].
/// </summary>
public sealed class LogsSplitBench : IBenchSuite
{
    private const int TargetLines = 1_000_000;

    public string Name => "parse-split";

    public string Description => "per-stage cost of the log pipeline (assembler, cleaner, classifier, boots, json); rules tried most";

    public int Run(string[] args, TextWriter output)
    {
        var sw = Stopwatch.StartNew();
        var cliRules = RuleSet.Load(new RuleSetOptions { UserFolder = false });
        output.WriteLine($"rules as the CLI loads them: {cliRules.Rules.Count} in {sw.ElapsedMilliseconds} ms");
        sw.Restart();
        var compiled = RuleSet.Load(new RuleSetOptions { UserFolder = false, CompileRegex = true });
        output.WriteLine($"rules compiled up front: {sw.ElapsedMilliseconds} ms");

        var files = LogsBench.FindLogs().Select(File.ReadAllBytes).ToList();
        var lines = new List<LogLine>();
        foreach (var bytes in files)
        {
            var asm = new LineAssembler();
            asm.Push(bytes, DateTimeOffset.UnixEpoch, lines);
            asm.Flush(lines);
        }
        int repeat = (int)Math.Ceiling((double)TargetLines / lines.Count);
        output.WriteLine($"corpus: {files.Count} files, {lines.Count} lines, repeated {repeat}x; load {StoreBench.LoadAverage()}");

        // 1. assembler: bytes in 4 KiB chunks (as a serial port or a file read delivers them)
        var sink = new CountingSink();
        Report(output, "assembler", () =>
        {
            sink.Count = 0;
            for (int r = 0; r < repeat; r++)
            {
                var asm = new LineAssembler();
                foreach (var file in files)
                    for (int off = 0; off < file.Length; off += 4096)
                        asm.Push(file.AsSpan(off, Math.Min(4096, file.Length - off)), DateTimeOffset.UnixEpoch, sink);
                asm.Flush(sink);
            }
            return sink.Count;
        });

        // 2. the text cleaner alone (part of the assembler): line bytes → text
        var contents = lines.Select(l => l.Raw.ToArray().AsSpan().TrimEnd("\r\n"u8).ToArray()).ToList();
        Report(output, "  of which text cleaner", () =>
        {
            long n = 0;
            for (int r = 0; r < repeat; r++)
                foreach (var c in contents) { _ = TextCleaner.Clean(c, out _); n++; }
            return n;
        });

        // 3. classifier alone
        var events = new List<ClassifiedEvent>();
        long tried = 0;
        Report(output, "classifier (CLI rules)", () =>
        {
            var classifier = new Classifier(cliRules);
            long n = 0;
            for (int r = 0; r < repeat; r++)
                foreach (var l in lines) { events.Clear(); classifier.Classify(l, events); n++; }
            tried = classifier.RulesTried;
            return n;
        });
        output.WriteLine($"  rules tried per line after the prefilter: {tried / (double)(lines.Count * repeat):0.000}");
        Report(output, "classifier (compiled)", () =>
        {
            var classifier = new Classifier(compiled);
            long n = 0;
            for (int r = 0; r < repeat; r++)
                foreach (var l in lines) { events.Clear(); classifier.Classify(l, events); n++; }
            return n;
        });

        // 3b. the classifier's parts: host prefix + garble meter, the literal scan, the whole prefilter
        var texts = lines.Select(l => l.Text).ToList();
        Report(output, "  of which prefix+garble", () =>
        {
            long n = 0;
            for (int r = 0; r < repeat; r++)
                foreach (var t in texts) { int st = HostPrefix.Skip(t); _ = GarbleMeter.Ratio(t.AsSpan(st)); n++; }
            return n;
        });
        var seenStamp = new int[cliRules.Index.LiteralCount];
        var found = new List<int>();
        Report(output, "  of which literal scan", () =>
        {
            long n = 0;
            int stampNo = 0;
            for (int r = 0; r < repeat; r++)
                foreach (var t in texts) { found.Clear(); cliRules.Index.Scanner.Scan(t, seenStamp, ++stampNo, found); n++; }
            return n;
        });

        var prefilter = new Classifier(cliRules);
        Report(output, "  of which the whole prefilter", () =>
        {
            long n = 0;
            for (int r = 0; r < repeat; r++)
                foreach (var t in texts) { prefilter.PrefilterOnly(t); n++; }
            return n;
        });

        // 4. boot splitter alone, over the events classified once
        var perLine = new List<ClassifiedEvent[]>();
        var once = new Classifier(cliRules);
        foreach (var l in lines) { events.Clear(); once.Classify(l, events); perLine.Add(events.ToArray()); }
        int eventCount = perLine.Sum(e => e.Length);
        Report(output, "boot splitter", () =>
        {
            long n = 0;
            for (int r = 0; r < repeat; r++)
            {
                var boots = new BootSplitter();
                for (int i = 0; i < lines.Count; i++)
                {
                    events.Clear();
                    events.AddRange(perLine[i]);
                    boots.Accept(lines[i], events, null);
                    n++;
                }
                boots.Complete(null);
            }
            return n;
        });

        // 5. JSON Lines output of the events (parse --json), to a writer that discards
        var all = perLine.SelectMany(e => e).Select(e => e.Event).ToList();
        Report(output, $"json ({eventCount} events per corpus)", () =>
        {
            using var json = new LogJson(TextWriter.Null);
            for (int r = 0; r < repeat; r++)
                foreach (var e in all) json.WriteEvent("corpus.log", e);
            return (long)lines.Count * repeat;
        });

        // 6. the whole pipeline as `bkconsole parse` runs it (one pipeline per file)
        int gc0 = GC.CollectionCount(0), gc1 = GC.CollectionCount(1), gc2 = GC.CollectionCount(2);
        var pause0 = GC.GetTotalPauseDuration();
        Report(output, "whole pipeline (CLI rules)", () =>
        {
            long n = 0;
            for (int r = 0; r < repeat; r++)
                foreach (var file in files)
                {
                    var p = new LogPipeline(null, new LogPipelineOptions { Rules = cliRules });
                    for (int off = 0; off < file.Length; off += 4096)
                        p.Push(file.AsSpan(off, Math.Min(4096, file.Length - off)), DateTimeOffset.UnixEpoch);
                    p.Complete();
                    n += p.Stats.Lines;
                }
            return n;
        });
        output.WriteLine($"  GCs gen0/1/2 {GC.CollectionCount(0) - gc0}/{GC.CollectionCount(1) - gc1}/{GC.CollectionCount(2) - gc2} " +
                         $"(incl. warm-up), pause {(GC.GetTotalPauseDuration() - pause0).TotalMilliseconds:0} ms");

        if (!args.Contains("--no-rules-list")) RulesTriedMost(output, cliRules, lines);
        return 0;
    }

    /// <summary>
    /// Runs once to warm up, then measures: lines/s by this thread's CPU time (the one-core figure), the process's CPU
    /// time (adds JIT, GC and background regex compilation), wall time, and bytes allocated per line.
    /// </summary>
    private static void Report(TextWriter output, string stage, Func<long> run)
    {
        run();
        var (n, wall, cpu, thread, allocated) = RunCost.Measure(run);
        double alloc = allocated / (double)n;
        output.WriteLine($"{stage,-32} thread cpu {thread:0.000} s = {n / thread,10:N0} lines/s ({thread * 1e9 / n,5:0} ns/line); process cpu {cpu:0.000} s, wall {wall:0.000} s, {alloc,6:0.0} B/line");
    }

    private static void RulesTriedMost(TextWriter output, RuleSet rules, List<LogLine> lines)
    {
        output.WriteLine($"prefilter: {rules.Index.LiteralCount} scanned literals, {rules.Index.AlwaysTried.Length} rules tried on every line");
        // per rule: lines its prefilter lets through (ShapeFilter.Admits, the plain definition), and the cost of trying them
        var tried = new List<(CompiledRule Rule, int Lines, int Hits, double Us)>();
        var fields = new List<EventField>();
        foreach (var rule in rules.Rules)
        {
            var passing = lines.Where(l => rule.Filters.Any(f => f.Admits(l.Text, HostPrefix.Skip(l.Text)))).ToList();
            int hits = 0;
            foreach (var l in passing) { fields.Clear(); if (rule.TryMatch(l.Text, HostPrefix.Skip(l.Text), fields, out _)) hits++; } // JIT
            var t = Stopwatch.StartNew();
            foreach (var l in passing) { fields.Clear(); rule.TryMatch(l.Text, HostPrefix.Skip(l.Text), fields, out _); }
            tried.Add((rule, passing.Count, hits, t.Elapsed.TotalMilliseconds * 1000 / lines.Count));
        }
        output.WriteLine($"{lines.Count} corpus lines; rules costing the most per corpus line (lines let through, of which matched):");
        foreach (var (rule, count, hits, us) in tried.OrderByDescending(x => x.Us).Take(20))
        {
            var filters = string.Join(" | ", rule.Filters.Select(f =>
                (f.Start is { } st ? "^(" + string.Join(",", st) + ") " : "") + string.Join(" ", f.Groups.Select(g => "(" + string.Join(",", g.Select(a => string.Join("+", a))) + ")"))));
            output.WriteLine($"  {count,6} {hits,6}  {us,6:0.00} us/line  {rule.Kind,-22} {rule.Id,-28} {filters}");
        }
    }
}
