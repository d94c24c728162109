using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using BkConsole.Core.Events;
using BkConsole.Storage;
using BkConsole.Tui.Host;
using BkConsole.Tui.Session;

namespace BkConsole.Benchmarks;

/// <summary>
/// "monitor": the live terminal's core at 2 Mbaud of continuous log. The simulated device runs in its own
/// process (<c>bkconsole sim --scenario flood --log-baud 2000000</c>, paced at baud/10 bytes/s) so the CPU figure
/// is the monitor's alone: real SerialPortLink on the pty → reader → channel → LogPipeline + diagnosis on a
/// UI-tick thread (every 40 ms, as the TUI) → store capture writer on its own thread.
/// Figures: dropped lines/bytes (numbered lines must be consecutive), latency from the reader receiving bytes to
/// them being in the panes' models (p50/p99), CPU % of one core, managed heap and working set over time.
/// Args: [--seconds N | --minutes N] [--no-store] [--no-diagnosis] (to see what each part costs).
/// </summary>
public sealed partial class MonitorBench : IBenchSuite
{
    private const int Baud = 2_000_000;
    private static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(2);

    public string Name => "monitor";

    public string Description => "live terminal at 2 Mbaud flood: dropped bytes, byte-to-view latency p99, CPU %, memory over time";

    public int Run(string[] args, TextWriter output)
    {
        var duration = ParseDuration(args);
        var temp = Directory.CreateTempSubdirectory("bkc-bench-monitor-");
        var link = Path.Combine(temp.FullName, "bk7252");
        var exe = Path.Combine(AppContext.BaseDirectory, "bkconsole");
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "sim", "--scenario", "flood", "--log-baud", Baud.ToString(CultureInfo.InvariantCulture), "--link", link })
            psi.ArgumentList.Add(a);
        using var sim = Process.Start(psi) ?? throw new InvalidOperationException("could not start the simulator");
        sim.OutputDataReceived += (_, _) => { };
        sim.ErrorDataReceived += (_, _) => { };
        sim.BeginOutputReadLine();
        sim.BeginErrorReadLine();
        try
        {
            var until = DateTime.UtcNow + StartDeadline;
            while (!File.Exists(link))
            {
                if (DateTime.UtcNow > until || sim.HasExited) throw new InvalidOperationException("the simulator did not create " + link);
                Thread.Sleep(50);
            }
            return Measure(link, temp.FullName, duration, !args.Contains("--no-store"), !args.Contains("--no-diagnosis"), output);
        }
        finally
        {
            try { sim.Kill(entireProcessTree: true); sim.WaitForExit(5000); } catch (InvalidOperationException) { }
            try { temp.Delete(recursive: true); } catch (IOException) { }
        }
    }

    private static int Measure(string link, string folder, TimeSpan duration, bool withStore, bool withDiagnosis, TextWriter output)
    {
        using var store = BkStore.Open(Path.Combine(folder, "bench.db"));
        var writer = store.BeginCapture(CaptureStart.ForPort(link, Baud, "bench"));
        var checker = new SequenceChecker();
        var options = new MonitorOptions { Port = link, Baud = Baud, DeviceName = "bench" };
        ICaptureSink[] sinks = withStore ? [new StoreCaptureSink(writer), checker] : [checker];
        var session = new MonitorSession(options, MonitorHost.SerialOpener(link), new LogsPipeline(),
            sinks, withDiagnosis ? new DiagnosisFindings() : null);
        output.WriteLine($"store: {(withStore ? "on" : "off (--no-store)")}, diagnosis: {(withDiagnosis ? "on" : "off (--no-diagnosis)")}");
        var latencies = new List<double>(100_000);
        session.LatencyObserver = ticks => latencies.Add(ticks * 1000.0 / Stopwatch.Frequency);
        session.StartAsync(CancellationToken.None).GetAwaiter().GetResult();

        var process = Process.GetCurrentProcess();
        var wall = Stopwatch.StartNew();
        var cpu0 = process.TotalProcessorTime;
        var samples = new List<(double Seconds, long Heap, long WorkingSet, long Bytes)>();
        var nextSample = TimeSpan.Zero;
        while (wall.Elapsed < duration)
        {
            session.Drain();
            if (wall.Elapsed >= nextSample)
            {
                process.Refresh();
                samples.Add((wall.Elapsed.TotalSeconds, GC.GetTotalMemory(false), process.WorkingSet64, session.BytesProcessed));
                nextSample += SampleEvery;
            }
            Thread.Sleep(MonitorLimits.UiTick);
        }
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpu0).TotalSeconds / wall.Elapsed.TotalSeconds * 100;
        var seconds = wall.Elapsed.TotalSeconds;
        long bytes = session.BytesProcessed;
        var settle = Stopwatch.StartNew();
        while (settle.Elapsed < SettleTime) { session.Drain(); Thread.Sleep(MonitorLimits.UiTick); }
        session.DisposeAsync().AsTask().GetAwaiter().GetResult();

        latencies.Sort();
        double P(double q) => latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)(q * latencies.Count))];
        double rate = bytes / seconds;
        output.WriteLine($"duration: {seconds:0.0} s");
        output.WriteLine($"received: {bytes} bytes ({rate / 1000:0.0} kB/s = {rate * 10 / Baud * 100:0.0}% of the 2 Mbaud wire rate)");
        output.WriteLine($"numbered lines: {checker.Count} (seq {checker.First}..{checker.Last})");
        output.WriteLine($"dropped lines: {checker.Missing} (≈ {checker.Missing * SequenceChecker.LineBytes} bytes)");
        output.WriteLine($"out-of-order or repeated lines: {checker.Disorder}");
        output.WriteLine($"byte-to-view latency p50: {P(0.50):0.0} ms");
        output.WriteLine($"byte-to-view latency p99: {P(0.99):0.0} ms");
        output.WriteLine($"byte-to-view latency max: {P(1.0):0.0} ms");
        output.WriteLine($"cpu: {cpu:0.0} % of one core (monitor process: reader, pipeline, diagnosis, store)");
        // the machine is shared: CPU-seconds per MB received compares runs made under different loads
        double cpuSeconds = cpu / 100 * seconds;
        output.WriteLine($"cpu-seconds: {cpuSeconds:0.00} s for {bytes / 1e6:0.00} MB = {cpuSeconds / Math.Max(1e-9, bytes / 1e6):0.00} s/MB; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        foreach (var s in samples)
            output.WriteLine($"memory at {s.Seconds,5:0} s: heap {s.Heap / 1024 / 1024} MiB, working set {s.WorkingSet / 1024 / 1024} MiB, {s.Bytes / 1024} KiB received");
        if (samples.Count >= 3)
        {
            var early = samples[1];
            var last = samples[^1];
            output.WriteLine($"memory growth from {early.Seconds:0} s to {last.Seconds:0} s: working set {(last.WorkingSet - early.WorkingSet) / 1024 / 1024.0:+0.0;-0.0} MiB");
        }
        bool ok = checker.Missing == 0 && checker.Count > 0 && P(0.99) <= 100 && cpu <= 30;
        output.WriteLine(ok ? "goals met: 0 dropped, p99 ≤ 100 ms, cpu ≤ 30 %" : "GOAL MISSED (0 dropped, p99 ≤ 100 ms, cpu ≤ 30 %)");
        return ok ? 0 : 1;
    }

    private static TimeSpan ParseDuration(string[] args)
    {
        for (int i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] == "--minutes") return TimeSpan.FromMinutes(double.Parse(args[i + 1], CultureInfo.InvariantCulture));
            if (args[i] == "--seconds") return TimeSpan.FromSeconds(double.Parse(args[i + 1], CultureInfo.InvariantCulture));
        }
        return DefaultDuration;
    }

    /// <summary>
    /// Checks the flood's numbered lines (<c>seq=00000042 payload=…</c>) in the raw byte stream the session
    /// handled: each number once, in order, none missing. Reading the bytes (not the assembled lines) keeps a line
    /// that an idle flush split in two from counting as lost.
    /// </summary>
    private sealed partial class SequenceChecker : ICaptureSink
    {
        public const int LineBytes = 94;
        private string _tail = "";

        public long First { get; private set; } = -1;

        public long Last { get; private set; } = -1;

        public long Count { get; private set; }

        public long Missing { get; private set; }

        public long Disorder { get; private set; }

        [GeneratedRegex(@"seq=(\d{8}) payload=0123456789abcdefghijklmnopqrstuvwxyz\r\n")]
        private static partial Regex Seq();

        public void Raw(ReadOnlySpan<byte> data, DateTimeOffset time)
        {
            var text = _tail + System.Text.Encoding.Latin1.GetString(data);
            int consumed = 0;
            foreach (Match m in Seq().Matches(text))
            {
                long n = long.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
                Count++;
                if (First < 0) First = n;
                else if (n == Last + 1) { }
                else if (n > Last + 1) Missing += n - Last - 1;
                else Disorder++;
                Last = Math.Max(Last, n);
                consumed = m.Index + m.Length;
            }
            _tail = text[Math.Max(consumed, text.Length - 2 * LineBytes)..];
        }

        public void Lines(IReadOnlyList<LogLine> lines, IReadOnlyList<LogEvent> events) { }

        public void Boot(BootRecord boot) { }

        public void Gap(DateTimeOffset from, DateTimeOffset to, string? reason) { }

        public void Flush() { }

        public void Dispose() { }
    }
}
