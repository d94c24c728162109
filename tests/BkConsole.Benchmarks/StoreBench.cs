using System.Diagnostics;
using System.Globalization;
using System.Text;
using BkConsole.Core.Events;
using BkConsole.Storage;

namespace BkConsole.Benchmarks;

/// <summary>
/// "store": the real corpus (logs/*.log) repeated to ≥ 1,000,000 lines, stored as one capture through
/// <see cref="CaptureWriter"/> (import path). Prints store lines/s and DB bytes per stored line with its events.
/// Goals: ≥ 200,000 lines/s, ≤ 150 B/line. Args: [--lines N] [--keep DBPATH].
/// </summary>
public sealed class StoreBench : IBenchSuite
{
    private const double GoalLinesPerSecond = 200_000;
    private const double GoalBytesPerLine = 150;

    public string Name => "store";

    public string Description => "store (and parse+store) lines/s and DB bytes per line over the corpus repeated";

    public int Run(string[] args, TextWriter output)
    {
        int target = 1_000_000;
        string? keep = null;
        for (int i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] == "--lines") target = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            if (args[i] == "--keep") keep = args[i + 1];
        }
        var corpus = LoadCorpus(out int files);
        output.WriteLine($"corpus: {files} files, {corpus.Length} bytes, repeated to >= {target} lines");
        output.WriteLine($"load average: {LoadAverage()}");

        // The real path: bytes → LogPipeline (assembler, classifier, boots) → StoreSink → CaptureWriter → LiteDB.
        var big = Repeat(corpus, target, out int copies);
        output.WriteLine($"parse+store input: {copies} copies, {big.Length} bytes");
        // warm-up (JIT) on one copy of the corpus, as a long import or the monitor would be after its first seconds
        TimeParseOnly(corpus);
        var parseOnly = TimeParseOnly(big);
        output.WriteLine($"parse-only lines/s: {parseOnly.Lines / parseOnly.Seconds:F0} lines/s wall, {parseOnly.Lines / parseOnly.Thread:F0} lines/s thread cpu ({parseOnly.Lines} lines, {parseOnly.Events} events, {parseOnly.Seconds:F2} s)");
        var cpuP0 = Process.GetCurrentProcess().TotalProcessorTime;
        var real = ParseAndStore(big, keep);
        var cpuP = (Process.GetCurrentProcess().TotalProcessorTime - cpuP0).TotalSeconds;
        double realRate = real.Lines / real.Seconds;
        double realPerLine = (double)real.DbBytes / real.Lines;
        output.WriteLine($"parse+store lines/s: {realRate:F0} lines/s (goal >= {GoalLinesPerSecond:F0}); {real.Lines} lines, {real.Events} events, {real.Seconds:F2} s wall, {cpuP:F2} s CPU");
        output.WriteLine($"parse+store db bytes per line: {realPerLine:F1} B (goal <= {GoalBytesPerLine:F0}); db size {real.DbBytes} bytes");
        output.WriteLine($"load average: {LoadAverage()}");

        // Store only: lines split on LF, one stand-in event (2 fields) per 3 lines — the input is built before timing.
        var (lines, events) = Prepare(corpus, target);
        output.WriteLine($"store-only input: {lines.Count} lines, {events.Count} synthetic events");
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var (seconds, dbBytes) = StoreAll(lines, events, keep);
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
        double rate = lines.Count / seconds;
        double perLine = (double)dbBytes / lines.Count;
        output.WriteLine($"store-only lines/s: {rate:F0} lines/s (goal >= {GoalLinesPerSecond:F0})");
        output.WriteLine($"store-only seconds: {seconds:F2} s wall, {cpu:F2} s CPU (all threads) = {lines.Count / cpu:F0} lines per CPU-second");
        output.WriteLine($"store-only db bytes per line: {perLine:F1} B (goal <= {GoalBytesPerLine:F0}; raw input {(double)lines.Sum(l => (long)l.Raw.Length) / lines.Count:F1} B/line)");
        output.WriteLine($"store-only db size: {dbBytes} bytes");
        return realRate >= GoalLinesPerSecond && realPerLine <= GoalBytesPerLine ? 0 : 1;
    }

    private static byte[] Repeat(byte[] corpus, int targetLines, out int copies)
    {
        int perCopy = corpus.Count(b => b == (byte)'\n');
        copies = (targetLines + perCopy - 1) / perCopy;
        var big = new byte[corpus.Length * copies];
        for (int i = 0; i < copies; i++) corpus.CopyTo(big, i * corpus.Length);
        return big;
    }

    /// <summary>The pipeline as <c>bkconsole import</c> builds it (default options: rules loaded as the CLI loads them).</summary>
    private static (long Lines, long Events, double Seconds, double Thread) TimeParseOnly(byte[] big)
    {
        var pipeline = new BkConsole.Logs.Pipeline.LogPipeline();
        double thread0 = ThreadCpu.Seconds();
        var sw = Stopwatch.StartNew();
        pipeline.Feed(new MemoryStream(big, writable: false), DateTimeOffset.UtcNow);
        sw.Stop();
        return (pipeline.Stats.Lines, pipeline.Stats.Events, sw.Elapsed.TotalSeconds, ThreadCpu.Seconds() - thread0);
    }

    private static (long Lines, long Events, double Seconds, long DbBytes) ParseAndStore(byte[] big, string? keep)
    {
        var folder = Path.Combine(Path.GetTempPath(), "bkc-storebench-" + Guid.NewGuid().ToString("N")[..8]);
        var db = keep is null ? Path.Combine(folder, "bench.db") : keep + ".parsed";
        try
        {
            var sw = Stopwatch.StartNew();
            long lines, events;
            using (var store = BkStore.Open(db))
            {
                using var w = store.BeginCapture(new CaptureStart(CaptureSource.File, "corpus", null), CaptureWriterOptions.ForImport);
                var pipeline = new BkConsole.Logs.Pipeline.LogPipeline(new BkConsole.Cli.StoreSink(w));
                pipeline.Feed(new MemoryStream(big, writable: false), DateTimeOffset.UtcNow);
                if (!w.Complete(TimeSpan.FromMinutes(5))) throw new InvalidOperationException("store did not finish");
                lines = pipeline.Stats.Lines;
                events = pipeline.Stats.Events;
            }
            sw.Stop();
            long size = new FileInfo(db).Length;
            var log = StorePaths.LogFileOf(db);
            if (File.Exists(log)) size += new FileInfo(log).Length;
            return (lines, events, sw.Elapsed.TotalSeconds, size);
        }
        finally
        {
            if (keep is null) try { Directory.Delete(folder, true); } catch (IOException) { }
        }
    }

    /// <summary>The machine's 1-minute load average (figures on a shared machine need it beside them).</summary>
    internal static string LoadAverage()
    {
        try { return File.ReadAllText("/proc/loadavg").Split(' ')[0] + $" on {Environment.ProcessorCount} cores"; }
        catch (IOException) { return "unknown"; }
    }

    internal static byte[] LoadCorpus(out int files)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "BkConsole.sln"))) dir = dir.Parent;
        var logs = Path.Combine(dir?.FullName ?? Directory.GetCurrentDirectory(), "logs");
        var paths = Directory.GetFiles(logs, "*.log").OrderBy(p => p, StringComparer.Ordinal).ToArray();
        files = paths.Length;
        using var ms = new MemoryStream();
        foreach (var p in paths)
        {
            var b = File.ReadAllBytes(p);
            ms.Write(b);
            if (b.Length > 0 && b[^1] != '\n') ms.WriteByte((byte)'\n');
        }
        return ms.ToArray();
    }

    internal static (List<LogLine> Lines, List<LogEvent> Events) Prepare(byte[] corpus, int target)
    {
        var lines = new List<LogLine>(target + 20_000);
        var events = new List<LogEvent>(target / 3 + 10_000);
        var t0 = DateTimeOffset.UtcNow;
        long offset = 0;
        int lineNo = 0;
        while (lines.Count < target)
        {
            int start = 0;
            while (start < corpus.Length)
            {
                int nl = Array.IndexOf(corpus, (byte)'\n', start);
                int end = nl < 0 ? corpus.Length : nl + 1;
                var raw = new ReadOnlyMemory<byte>(corpus, start, end - start);
                int content = end - start - (nl < 0 ? 0 : 1);
                if (content > 0 && corpus[start + content - 1] == '\r') content--;
                var text = Encoding.UTF8.GetString(corpus, start, content);
                lineNo++;
                var ending = nl < 0 ? LineEnding.None : content < end - start - 1 ? LineEnding.CrLf : LineEnding.Lf;
                var line = new LogLine(lineNo, lineNo, t0.AddTicks(lineNo * 870L), text, raw, ending) { Offset = offset };
                lines.Add(line);
                offset += raw.Length;
                if (lineNo % 3 == 0)
                {
                    events.Add(new LogEvent(lineNo % 2 == 0 ? "tuya.log" : "boot.jump", Severity.Info, lineNo, lineNo, text,
                        [EventField.Of("module", "app.c"), EventField.Address("address", 0x10000)]) { Boot = 1 + lineNo / 500 });
                }
                start = end;
            }
        }
        return (lines, events);
    }

    private static (double Seconds, long DbBytes) StoreAll(List<LogLine> lines, List<LogEvent> events, string? keep)
    {
        var folder = Path.Combine(Path.GetTempPath(), "bkc-storebench-" + Guid.NewGuid().ToString("N")[..8]);
        var db = keep ?? Path.Combine(folder, "bench.db");
        try
        {
            var sw = Stopwatch.StartNew();
            using (var store = BkStore.Open(db))
            {
                using var w = store.BeginCapture(new CaptureStart(CaptureSource.File, "corpus", null), CaptureWriterOptions.ForImport);
                int e = 0;
                foreach (var l in lines)
                {
                    w.Add(l);
                    while (e < events.Count && events[e].LineNo == l.LineNo) w.Add(events[e++]);
                }
                if (!w.Complete(TimeSpan.FromMinutes(5))) throw new InvalidOperationException("store did not finish");
            }
            sw.Stop();
            long size = new FileInfo(db).Length;
            var log = StorePaths.LogFileOf(db);
            if (File.Exists(log)) size += new FileInfo(log).Length;
            return (sw.Elapsed.TotalSeconds, size);
        }
        finally
        {
            if (keep is null) try { Directory.Delete(folder, true); } catch (IOException) { }
        }
    }
}
