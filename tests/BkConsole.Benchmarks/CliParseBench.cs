using System.Diagnostics;
using System.Runtime.InteropServices;

namespace BkConsole.Benchmarks;

/// <summary>
/// <c>parse-cli</c>: what a user sees when timing <c>bkconsole parse FILE --summary</c> on a capture of ≥ 1,000,000
/// lines — a fresh process each run, start-up, rule loading and JIT included, nothing warmed. Runs the command that
/// <c>./bk</c> publishes (<c>out/bkconsole/bkconsole</c>, ready-to-run) and the plain build beside this harness
/// (JIT only), each on the big file and on one small log (start-up alone). CPU is the child's user+sys time from
/// <c>getrusage(RUSAGE_CHILDREN)</c>; lines/s are given over the whole run and over the run less start-up; peak RSS is polled from /proc.
/// Args: [--runs N] (default 3; the median is printed).
/// </summary>
public sealed partial class CliParseBench : IBenchSuite
{
    private const long TargetLines = 1_000_000;
    private const double GoalLinesPerSecond = 1_000_000;
    private const int RusageChildren = -1;

    public string Name => "parse-cli";

    public string Description => "bkconsole parse --summary as a fresh process on >= 1M lines (wall, CPU, lines/s, peak RSS)";

    public int Run(string[] args, TextWriter output)
    {
        int runs = args.Length >= 2 && args[0] == "--runs" ? int.Parse(args[1]) : 3;
        var logs = LogsBench.FindLogs();
        var root = Path.GetDirectoryName(Path.GetDirectoryName(logs[0]))!;
        var corpus = logs.Select(File.ReadAllBytes).ToList();
        long corpusLines = corpus.Sum(b => (long)b.AsSpan().Count((byte)'\n'));
        int repeat = (int)Math.Ceiling(TargetLines / (double)corpusLines);
        var big = Path.Combine(Path.GetTempPath(), $"bkconsole-parse-cli-{Environment.ProcessId}.log");
        try
        {
            using (var f = File.Create(big))
                for (int r = 0; r < repeat; r++)
                    foreach (var b in corpus) f.Write(b);
            var small = logs.First(l => Path.GetFileName(l).StartsWith("06_", StringComparison.Ordinal));
            output.WriteLine($"input: {logs.Count} real logs repeated {repeat}x = {new FileInfo(big).Length / 1e6:0.0} MB; start-up measured on {Path.GetFileName(small)}");

            var exes = new List<(string Name, string Path)>
            {
                ("published (./bk, ready-to-run)", Path.Combine(root, "out", "bkconsole", "bkconsole")),
                ("build output (JIT only)", Path.Combine(AppContext.BaseDirectory, "bkconsole")),
            };
                foreach (var (name, exe) in exes)
            {
                if (!File.Exists(exe))
                {
                    output.WriteLine($"{name}: {exe} not found (run ./bk --help once to publish it)");
                    continue;
                }
                var start = Median(runs, () => RunOnce(exe, small));
                var full = Median(runs, () => RunOnce(exe, big));
                long lines = full.Lines;
                double net = Math.Max(1e-3, full.Wall - start.Wall);
                output.WriteLine($"{name}: {exe}");
                output.WriteLine($"  start-up (small log): wall {start.Wall:0.000} s, cpu {start.Cpu:0.000} s");
                output.WriteLine($"  {lines} lines: wall {full.Wall:0.000} s = {lines / full.Wall:N0} lines/s; cpu {full.Cpu:0.000} s = {lines / full.Cpu:N0} lines/s; " +
                                 $"less start-up {lines / net:N0} lines/s; peak RSS {full.PeakRssMb:0} MB");
                if (name.StartsWith("published", StringComparison.Ordinal))
                    output.WriteLine($"  goal: >= {GoalLinesPerSecond:N0} lines/s (wall, whole run): {(lines / full.Wall >= GoalLinesPerSecond ? "met" : "NOT met")}");
            }
            output.WriteLine($"load average while measuring: {File.ReadAllText("/proc/loadavg").Trim()}");
            return 0;
        }
        finally
        {
            File.Delete(big);
        }
    }

    private static Sample Median(int runs, Func<Sample> run)
    {
        var samples = Enumerable.Range(0, runs).Select(_ => run()).OrderBy(s => s.Wall).ToList();
        return samples[samples.Count / 2];
    }

    private static Sample RunOnce(string exe, string file)
    {
        var before = Children();
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("parse");
        psi.ArgumentList.Add(file);
        psi.ArgumentList.Add("--summary");
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        long peak = 0;
        while (!p.WaitForExit(20))
        {
            // VmHWM is a high-water mark: the last read before exit holds nearly the whole run's peak
            try { p.Refresh(); peak = Math.Max(peak, p.PeakWorkingSet64); }
            catch (InvalidOperationException) { }
        }
        double wall = sw.Elapsed.TotalSeconds;
        var after = Children();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{exe} exited {p.ExitCode}: {stderr.Result}");
        // first line: "FILE: N lines, ..."
        var first = stdout.Result.Split('\n')[0];
        int colon = first.LastIndexOf(": ", StringComparison.Ordinal);
        long lines = long.Parse(first[(colon + 2)..].Split(' ')[0]);
        return new Sample(wall, after - before, lines, peak / 1048576.0);
    }

    private sealed record Sample(double Wall, double Cpu, long Lines, double PeakRssMb);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeVal
    {
        public long Seconds;
        public long Microseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct RUsage
    {
        public TimeVal User;
        public TimeVal System;
        public long MaxRss;
        public long IxRss, IdRss, IsRss, MinFlt, MajFlt, NSwap, InBlock, OuBlock, MsgSnd, MsgRcv, NSignals, NvCsw, NivCsw;
    }

    [LibraryImport("libc", EntryPoint = "getrusage")]
    private static partial int GetRusage(int who, out RUsage usage);

    /// <summary>CPU seconds (user + system) of all children reaped so far.</summary>
    private static double Children()
    {
        if (GetRusage(RusageChildren, out var u) != 0) return 0;
        return u.User.Seconds + u.User.Microseconds / 1e6 + u.System.Seconds + u.System.Microseconds / 1e6;
    }
}
