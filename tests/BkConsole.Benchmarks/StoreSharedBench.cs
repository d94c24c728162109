using System.Diagnostics;
using System.Globalization;
using BkConsole.Core.Events;
using BkConsole.Storage;
using LiteDB;

namespace BkConsole.Benchmarks;

/// <summary>
/// "store-shared": what read-only openers cost the one writer. The corpus lines (as in "store") are stored as one
/// capture: alone (twice, before and after the others: the baseline is their mean), with a reader that re-runs
/// `bkconsole captures`, `events`, `boots --db` every 250 ms (a user at a second terminal), and with two such
/// readers without pause. The readers are real bkconsole processes, so this process's CPU time is the writer's own;
/// its wall time also pays for the readers' CPU on a 2-core box. Prints writer lines/s, wall and CPU slowdown,
/// reader round latencies and checkpoints made/put off. Then LiteDB's own Connection=shared against direct mode
/// on small commits (the cost that ruled it out for the writer).
/// Goal: the 250 ms reader costs the writer ≤ 10 % CPU. Args: [--lines N] [--commits N].
/// </summary>
public sealed class StoreSharedBench : IBenchSuite
{
    private const double GoalSlowdownPercent = 10;
    private static readonly TimeSpan PollingInterval = TimeSpan.FromMilliseconds(250);

    public string Name => "store-shared";

    public string Description => "writer lines/s with read-only openers beside it; LiteDB shared vs direct commits/s";

    public int Run(string[] args, TextWriter output)
    {
        int target = 600_000, commits = 300;
        for (int i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] == "--lines") target = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            if (args[i] == "--commits") commits = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
        }
        var (lines, events) = StoreBench.Prepare(StoreBench.LoadCorpus(out _), target);
        output.WriteLine($"input: {lines.Count} lines, {events.Count} events; load average: {StoreBench.LoadAverage()}");

        Write(lines, events, readers: 0, continuous: false); // warm-up: tiered JIT makes later runs faster; not counted
        var alone1 = Write(lines, events, readers: 0, continuous: false);
        Print(output, "writer alone (1st)", alone1, null);
        var polled = Write(lines, events, readers: 1, continuous: false);
        var busy = Write(lines, events, readers: 2, continuous: true);
        var alone2 = Write(lines, events, readers: 0, continuous: false);
        Print(output, "writer alone (2nd)", alone2, null);
        // The baseline is the mean of the two lone runs, made before and after the others (load drifts).
        var alone = alone1 with { Seconds = (alone1.Seconds + alone2.Seconds) / 2, CpuSeconds = (alone1.CpuSeconds + alone2.CpuSeconds) / 2 };
        Print(output, "writer + 1 reader every 250 ms", polled, alone);
        Print(output, "writer + 2 readers without pause", busy, alone);
        output.WriteLine($"load average: {StoreBench.LoadAverage()}");

        var direct = Commits(commits, ConnectionType.Direct);
        var shared = Commits(commits, ConnectionType.Shared);
        output.WriteLine($"litedb direct commits/s: {direct.PerSecond:F0} ({commits} commits of one 8 KiB document, {direct.CpuSeconds:F2} s CPU)");
        output.WriteLine($"litedb shared commits/s: {shared.PerSecond:F0} ({shared.CpuSeconds:F2} s CPU) = {direct.PerSecond / shared.PerSecond:F1}x slower: the file is reopened, the log re-read and checkpointed per operation");
        output.WriteLine($"load average: {StoreBench.LoadAverage()}");

        double slowdown = CpuSlowdown(polled, alone);
        output.WriteLine($"polling-reader writer CPU slowdown: {slowdown:F1} % (goal <= {GoalSlowdownPercent:F0} %)");
        return slowdown <= GoalSlowdownPercent ? 0 : 1;
    }

    private sealed record Result(double Seconds, double CpuSeconds, long Lines, List<double> ReaderMs, long Checkpoints, long Deferred);

    private static double Slowdown(Result r, Result alone) => (r.Seconds / alone.Seconds - 1) * 100;

    private static double CpuSlowdown(Result r, Result alone) => (r.CpuSeconds / alone.CpuSeconds - 1) * 100;

    private static void Print(TextWriter output, string name, Result r, Result? alone)
    {
        var line = $"{name}: {r.Lines / r.Seconds:F0} lines/s ({r.Seconds:F2} s wall, {r.CpuSeconds:F2} s writer CPU)";
        if (alone is not null) line += $", writer slowdown {Slowdown(r, alone):F1} % wall, {CpuSlowdown(r, alone):F1} % CPU";
        line += $"; checkpoints {r.Checkpoints} made, {r.Deferred} put off";
        output.WriteLine(line);
        if (r.ReaderMs.Count > 0)
        {
            var ms = r.ReaderMs.Order().ToList();
            output.WriteLine($"{name}: reader query (one bkconsole process): {ms.Count} rounds, median {ms[ms.Count / 2]:F0} ms, max {ms[^1]:F0} ms");
        }
    }

    private static Result Write(List<LogLine> lines, List<LogEvent> events, int readers, bool continuous)
    {
        var folder = Path.Combine(Path.GetTempPath(), "bkc-sharedbench-" + Guid.NewGuid().ToString("N")[..8]);
        var db = Path.Combine(folder, "bench.db");
        var readerMs = new List<double>();
        try
        {
            using var stop = new CancellationTokenSource();
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            long checkpoints, deferred;
            using (var store = BkStore.Open(db))
            {
                var readerTasks = Enumerable.Range(0, readers).Select(_ => Task.Run(() => Read(db, continuous, readerMs, stop.Token))).ToArray();
                using (var w = store.BeginCapture(new CaptureStart(CaptureSource.File, "corpus", null), CaptureWriterOptions.ForImport))
                {
                    int e = 0;
                    foreach (var l in lines)
                    {
                        w.Add(l);
                        while (e < events.Count && events[e].LineNo == l.LineNo) w.Add(events[e++]);
                    }
                    if (!w.Complete(TimeSpan.FromMinutes(10))) throw new InvalidOperationException("store did not finish");
                    if (store.Capture(w.CaptureId)?.Lines != lines.Count) throw new InvalidOperationException("not every line was stored");
                }
                sw.Stop();
                stop.Cancel();
                Task.WaitAll(readerTasks);
                (checkpoints, deferred) = store.CheckpointCounts; // (the close adds one more, not counted)
            }
            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
            return new Result(sw.Elapsed.TotalSeconds, cpu, lines.Count, readerMs, checkpoints, deferred);
        }
        finally
        {
            try { Directory.Delete(folder, true); } catch (IOException) { }
        }
    }

    /// <summary>
    /// A user at a second terminal: real <c>bkconsole captures</c>, <c>events --severity error</c> and
    /// <c>boots --db</c> processes, one at a time, in turn, in a loop. Separate processes, so this process's CPU time is
    /// the writer's alone.
    /// </summary>
    private static void Read(string db, bool continuous, List<double> latencies, CancellationToken ct)
    {
        string[][] verbs = [["captures"], ["events", "--severity", "error", "--json"], ["boots", "--json"]];
        int round = 0;
        while (!ct.IsCancellationRequested)
        {
            if (!File.Exists(db))
            {
                ct.WaitHandle.WaitOne(10);
                continue;
            }
            var verb = verbs[round++ % verbs.Length];
            var sw = Stopwatch.StartNew();
            var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "bkconsole.dll"));
            foreach (var a in verb) psi.ArgumentList.Add(a);
            psi.ArgumentList.Add("--db");
            psi.ArgumentList.Add(db);
            using (var p = Process.Start(psi)!)
            {
                var err = p.StandardError.ReadToEndAsync();
                p.StandardOutput.BaseStream.CopyTo(Stream.Null);
                p.WaitForExit();
                if (p.ExitCode != 0) throw new InvalidOperationException($"bkconsole {string.Join(' ', verb)} failed: {err.Result}");
            }
            lock (latencies) latencies.Add(sw.Elapsed.TotalMilliseconds);
            if (!continuous) ct.WaitHandle.WaitOne(PollingInterval);
        }
    }

    /// <summary>Commits of one 8 KiB document each (a sealed block's size) through LiteDB in the given mode.</summary>
    private static (double PerSecond, double CpuSeconds) Commits(int count, ConnectionType mode)
    {
        var folder = Path.Combine(Path.GetTempPath(), "bkc-sharedbench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            var payload = new byte[8192];
            new Random(7).NextBytes(payload);
            using var db = new LiteDatabase(new ConnectionString { Filename = Path.Combine(folder, "raw.db"), Connection = mode });
            var col = db.GetCollection("blocks");
            col.Insert(new BsonDocument { ["_id"] = 0L, ["d"] = payload }); // creates the collection outside the timing
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            for (int i = 1; i <= count; i++)
            {
                db.BeginTrans();
                col.Insert(new BsonDocument { ["_id"] = (long)i, ["d"] = payload });
                db.Commit();
            }
            sw.Stop();
            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
            return (count / sw.Elapsed.TotalSeconds, cpu);
        }
        finally
        {
            try { Directory.Delete(folder, true); } catch (IOException) { }
        }
    }
}
