using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using BkConsole.Core.Events;
using BkConsole.Storage;
using BkConsole.Tui;
using BkConsole.Tui.Host;
using BkConsole.Tui.Keys;
using BkConsole.Tui.Panes;
using BkConsole.Tui.Session;
using Terminal.Gui.App;

namespace BkConsole.Benchmarks;

/// <summary>
/// "monitor": the live terminal at 2 Mbaud of continuous log. The simulated device runs in its own process
/// (<c>bkconsole sim --scenario flood --log-baud 2000000</c>, paced at baud/10 bytes/s) so the CPU figure is the
/// monitor's alone: real SerialPortLink on the pty → reader → channel → the real <see cref="MonitorWindow"/> in a
/// running Terminal.Gui application (ANSI driver, 160×48, its own main loop; reader wake-ups drain and draw) →
/// LogPipeline + diagnosis on the UI thread → store capture writer on its own thread.
/// Figures: dropped lines/bytes (numbered lines must be consecutive), byte-to-screen latency (from the reader's
/// read() returning the bytes to the end of the layout-and-draw that painted them; with stdout redirected the
/// driver builds every ANSI frame but does not write it), CPU % of one core, memory over time with a verdict.
/// Args: [--seconds N | --minutes N] [--no-store] [--no-diagnosis] (to see what each part costs).
/// </summary>
public sealed partial class MonitorBench : IBenchSuite
{
    private const int Baud = 2_000_000;
    private const int ScreenWidth = 160;
    private const int ScreenHeight = 48;
    private static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan ShortSampleEvery = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LongSampleEvery = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LongRun = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(2);

    /// <summary>Rates, CPU and latency count from here (at most a quarter of the run).</summary>
    private static readonly TimeSpan MeasureAfter = TimeSpan.FromSeconds(5);

    /// <summary>Memory is judged from this point on (the scrollback ring fills in ~10 s at 2 Mbaud; caches warm up).</summary>
    private static readonly TimeSpan WarmUp = TimeSpan.FromMinutes(1);

    /// <summary>"Flat": the end is within this much of the warm-up sample (or <see cref="FlatFraction"/> of it, if larger).</summary>
    private const double FlatMiB = 16;

    private const double FlatFraction = 0.10;

    public string Name => "monitor";

    public string Description => "live terminal (real window, Terminal.Gui loop) at 2 Mbaud flood: dropped bytes, byte-to-screen latency p99, CPU %, memory over time";

    public int Run(string[] args, TextWriter output)
    {
        if (args.Contains("--draw-profile")) return DrawProfile(output);
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

    private readonly record struct Sample(double Seconds, long Heap, long WorkingSet, long Bytes, int Backlog);

    private static int Measure(string link, string folder, TimeSpan duration, bool withStore, bool withDiagnosis, TextWriter output)
    {
        using var store = BkStore.Open(Path.Combine(folder, "bench.db"));
        var writer = store.BeginCapture(CaptureStart.ForPort(link, Baud, "bench"));
        var checker = new SequenceChecker();
        var options = new MonitorOptions { Port = link, Baud = Baud, DeviceName = "bench" };
        ICaptureSink[] sinks = withStore ? [new StoreCaptureSink(writer), checker] : [checker];
        var session = new MonitorSession(options, MonitorHost.SerialOpener(link), new LogsPipeline(),
            sinks, withDiagnosis ? new DiagnosisFindings() : null);
        bool redirected = Console.IsOutputRedirected;
        output.WriteLine($"store: {(withStore ? "on" : "off (--no-store)")}, diagnosis: {(withDiagnosis ? "on" : "off (--no-diagnosis)")}");
        output.WriteLine($"window: MonitorWindow {ScreenWidth}×{ScreenHeight} in Terminal.Gui's own main loop ({MonitorLimits.UiIterationsPerSecond} iterations/s max while bytes flow), " +
                         $"wake on arrival, passes {MonitorLimits.MinRedrawInterval.TotalMilliseconds:0}–{MonitorLimits.MaxRedrawInterval.TotalMilliseconds:0} ms apart (drawing ≤ {MonitorLimits.DrawBudget:P0} of a core), fallback tick {MonitorLimits.UiTick.TotalMilliseconds:0} ms; " +
                         (redirected ? "stdout redirected: ANSI frames built, not written" : "frames written to this terminal"));
        var latencies = new List<double>(100_000);
        session.StartAsync(CancellationToken.None).GetAwaiter().GetResult();

        var process = Process.GetCurrentProcess();
        var samples = new List<Sample>();
        var sampleEvery = duration >= LongRun ? LongSampleEvery : ShortSampleEvery;
        Stopwatch wall;
        TimeSpan cpu0;
        double seconds;
        double cpu;
        long bytes;
        long passes;
        TimeSpan drainTime, drawTime, interval;
        long cellsWritten, cellsUnchanged;
        double warmUpSeconds;
        string screen;
        using (IApplication app = Application.Create())
        {
            app.Init("ansi");
            app.Driver!.SetScreenSize(ScreenWidth, ScreenHeight);
            using var window = new MonitorWindow(app, session, KeyMap.Default,
                new MonitorWindowOptions { DbPath = Path.Combine(folder, "bench.db"), DiagnosisAvailable = withDiagnosis, PaceMainLoop = true });
            // steady state: figures start after a warm-up (JIT of the UI, store and rules; the scrollback filling)
            var warmUp = TimeSpan.FromSeconds(Math.Min(MeasureAfter.TotalSeconds, duration.TotalSeconds / 4));
            bool measuring = false;
            long bytes0 = 0;
            double passes0 = 0;
            TimeSpan drain0 = TimeSpan.Zero, draw0 = TimeSpan.Zero;
            long written0 = 0, unchanged0 = 0;
            window.DrawnLatencyObserver = ms => { if (measuring) latencies.Add(ms); };
            wall = Stopwatch.StartNew();
            var runWall = Stopwatch.StartNew();
            cpu0 = process.TotalProcessorTime;
            app.AddTimeout(warmUp, () =>
            {
                measuring = true;
                wall.Restart();
                cpu0 = process.TotalProcessorTime;
                bytes0 = session.BytesProcessed;
                passes0 = window.Passes;
                drain0 = window.DrainTime;
                draw0 = window.DrawTime;
                written0 = CellWriter.Written;
                unchanged0 = CellWriter.Unchanged;
                return false;
            });
            void TakeSample()
            {
                process.Refresh();
                samples.Add(new Sample(runWall.Elapsed.TotalSeconds, GC.GetGCMemoryInfo().HeapSizeBytes, process.WorkingSet64, session.BytesProcessed, session.CaptureBacklog));
            }
            TakeSample();
            app.AddTimeout(sampleEvery, () => { TakeSample(); return true; });
            app.AddTimeout(duration, () => { app.RequestStop(); return false; });
            window.StartTicking();
            app.Run(window);
            process.Refresh();
            seconds = wall.Elapsed.TotalSeconds;
            cpu = (process.TotalProcessorTime - cpu0).TotalSeconds / seconds * 100;
            bytes = session.BytesProcessed - bytes0;
            warmUpSeconds = warmUp.TotalSeconds;
            passes = window.Passes - (long)passes0;
            drainTime = window.DrainTime - drain0;
            drawTime = window.DrawTime - draw0;
            interval = window.RedrawInterval;
            cellsWritten = CellWriter.Written - written0;
            cellsUnchanged = CellWriter.Unchanged - unchanged0;
            TakeSample();
            screen = app.Driver.ToString() ?? "";
        }
        var settle = Stopwatch.StartNew();
        while (settle.Elapsed < SettleTime) { session.Drain(); Thread.Sleep(MonitorLimits.UiTick); }
        session.DisposeAsync().AsTask().GetAwaiter().GetResult();

        latencies.Sort();
        double P(double q) => latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)(q * latencies.Count))];
        double rate = bytes / seconds;
        bool drewLog = screen.Contains("payload=0123456789", StringComparison.Ordinal);
        output.WriteLine($"duration: {seconds:0.0} s measured after a {warmUpSeconds:0} s warm-up (JIT, scrollback filling); memory samples cover the whole run");
        output.WriteLine($"received: {bytes} bytes ({rate / 1000:0.0} kB/s = {rate * 10 / Baud * 100:0.0}% of the 2 Mbaud wire rate)");
        output.WriteLine($"numbered lines: {checker.Count} (seq {checker.First}..{checker.Last})");
        output.WriteLine($"dropped lines: {checker.Missing} (≈ {checker.Missing * bytes / Math.Max(1, checker.Count)} bytes)");
        output.WriteLine($"out-of-order or repeated lines: {checker.Disorder}");
        output.WriteLine($"drain-and-draw passes: {passes} ({passes / seconds:0.0}/s); frames with new bytes measured: {latencies.Count}; last frame shows the flood: {(drewLog ? "yes" : "NO")}");
        output.WriteLine($"per pass: drain {drainTime.TotalMilliseconds / Math.Max(1, passes):0.00} ms, layout+draw {drawTime.TotalMilliseconds / Math.Max(1, passes):0.00} ms " +
                         $"(UI thread busy {(drainTime + drawTime).TotalSeconds / seconds * 100:0.0} % of the run); pass interval at the end {interval.TotalMilliseconds:0} ms");
        output.WriteLine($"cells per pass through the panes' fast path: {cellsWritten / (double)Math.Max(1, passes):0} written, {cellsUnchanged / (double)Math.Max(1, passes):0} already showing the same " +
                         "(the flood's lines take turns among 11 firmware line shapes; see --draw-profile for a log whose every cell changes)");
        output.WriteLine($"byte-to-screen latency p50: {P(0.50):0.0} ms");
        output.WriteLine($"byte-to-screen latency p99: {P(0.99):0.0} ms");
        output.WriteLine($"byte-to-screen latency max: {P(1.0):0.0} ms");
        output.WriteLine($"cpu: {cpu:0.0} % of one core (monitor process: reader, pipeline, diagnosis, store, Terminal.Gui loop and drawing)");
        // the machine is shared: CPU-seconds per MB received compares runs made under different loads
        double cpuSeconds = cpu / 100 * seconds;
        output.WriteLine($"cpu-seconds: {cpuSeconds:0.00} s for {bytes / 1e6:0.00} MB = {cpuSeconds / Math.Max(1e-9, bytes / 1e6):0.00} s/MB; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        output.WriteLine($"in-memory caps: scrollback ring {session.Scrollback.Capacity} lines (now {session.Scrollback.Count} kept, {session.Scrollback.Dropped} dropped from memory, all in the store), " +
                         $"current-boot events {MonitorLimits.CurrentBootEventsCap}, hex history {MonitorLimits.HexHistoryBytes / 1024} KiB");
        bool flat = ReportMemory(samples, output);
        bool ok = checker.Missing == 0 && checker.Count > 0 && drewLog && P(0.99) <= 100 && cpu <= 30 && flat;
        output.WriteLine(ok ? "goals met: 0 dropped, p99 ≤ 100 ms, cpu ≤ 30 %, memory flat" : "GOAL MISSED (0 dropped, p99 ≤ 100 ms, cpu ≤ 30 %, memory flat)");
        return ok ? 0 : 1;
    }

    /// <summary>Prints every sample and judges growth after the warm-up; short runs (no sample past the warm-up) only print.</summary>
    private static bool ReportMemory(List<Sample> samples, TextWriter output)
    {
        foreach (var s in samples)
            output.WriteLine($"memory at {s.Seconds,5:0} s: GC heap {s.Heap / 1048576.0,6:0.0} MiB, working set {s.WorkingSet / 1048576.0,6:0.0} MiB, {s.Bytes / 1048576.0,8:0.0} MiB received, capture backlog {s.Backlog} items");
        var warm = samples.FirstOrDefault(s => s.Seconds >= WarmUp.TotalSeconds);
        var end = samples[^1];
        if (warm.Seconds == 0 || end.Seconds - warm.Seconds < WarmUp.TotalSeconds)
        {
            output.WriteLine($"memory verdict: not judged (the run is shorter than {WarmUp.TotalMinutes * 2:0} minutes; try --minutes 10)");
            return true;
        }
        double wsGrowth = (end.WorkingSet - warm.WorkingSet) / 1048576.0;
        double heapGrowth = (end.Heap - warm.Heap) / 1048576.0;
        double wsLimit = Math.Max(FlatMiB, FlatFraction * warm.WorkingSet / 1048576.0);
        double heapLimit = Math.Max(FlatMiB, FlatFraction * warm.Heap / 1048576.0);
        double minutes = (end.Seconds - warm.Seconds) / 60;
        bool flat = wsGrowth <= wsLimit && heapGrowth <= heapLimit;
        output.WriteLine($"memory from {warm.Seconds:0} s to {end.Seconds:0} s: working set {wsGrowth:+0.0;-0.0} MiB ({wsGrowth / minutes:+0.00;-0.00} MiB/min), GC heap {heapGrowth:+0.0;-0.0} MiB");
        output.WriteLine($"memory verdict: {(flat ? "flat" : "GROWING")} (criterion: after the {WarmUp.TotalMinutes:0}-minute warm-up, working set and GC heap each grow ≤ max({FlatMiB:0} MiB, {FlatFraction:P0}) — here ≤ {wsLimit:0.0} and ≤ {heapLimit:0.0} MiB)");
        return flat;
    }

    /// <summary>Times one layout-and-draw of the window (no port): which part of a frame costs what.</summary>
    private static int DrawProfile(TextWriter output)
    {
        var session = new MonitorSession(new MonitorOptions { Port = "/dev/null", Baud = Baud }, (_, _) => throw new IOException("no port"), new LogsPipeline());
        for (int i = 0; i < 25_000; i++)
            session.Marker($"seq={i:00000000} payload=0123456789abcdefghijklmnopqrstuvwxyz");
        using IApplication app = Application.Create();
        app.Init("ansi");
        app.Driver!.SetScreenSize(ScreenWidth, ScreenHeight);
        using var window = new MonitorWindow(app, session, KeyMap.Default, new MonitorWindowOptions());
        var token = app.Begin(window);
        void Time(string what, Action mark, Func<int, string>? line = null)
        {
            long written0 = CellWriter.Written, unchanged0 = CellWriter.Unchanged;
            // best of 8 batches: the machine is shared, the best batch is the frame's own cost
            double best = double.MaxValue;
            for (int batch = 0; batch < 8; batch++)
            {
                var sw = Stopwatch.StartNew();
                const int N = 40;
                for (int i = 0; i < N; i++)
                {
                    session.Marker(line?.Invoke(batch * N + i) ?? $"extra line {i}");
                    mark();
                    app.LayoutAndDraw();
                }
                best = Math.Min(best, sw.Elapsed.TotalMilliseconds / N);
            }
            long written = CellWriter.Written - written0, unchanged = CellWriter.Unchanged - unchanged0;
            output.WriteLine($"{what,-40} {best:0.00} ms per frame (best batch of 40); fast-path cells per frame: {written / 320.0:0} written, {unchanged / 320.0:0} already showing the same");
        }
        for (int i = 0; i < 300; i++) { session.Marker("warm-up"); window.SetNeedsDraw(); app.LayoutAndDraw(); }
        Time("nothing marked", () => { });
        Time("status bar", () => window.Status.SetNeedsDraw());
        Time("log pane", () => window.Log.SetNeedsDraw());
        Time("log pane + status", () => { window.Log.SetNeedsDraw(); window.Status.SetNeedsDraw(); });
        // lines that differ only in a number leave most cells showing the right character: the worst case is a log
        // whose every cell changes from one frame to the next
        const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!#$%&()*+,-./:;<=>?@[]^_{|}~";
        string Rotated(int k) => Alphabet[(k % 89)..] + Alphabet[..(k % 89)] + Alphabet;
        for (int i = 0; i < 60; i++) session.Marker(Rotated(i));
        Time("log pane, every cell changing", () => window.Log.SetNeedsDraw(), k => Rotated(60 + k));
        Time("events pane", () => window.Events.SetNeedsDraw());
        int n = 0;
        Time("events pane title change", () => window.Events.Title = $"Boot #1 — key events ({n++})");
        Time("boots pane", () => window.Boots.SetNeedsDraw());
        Time("window (everything)", () => window.SetNeedsDraw());
        app.End(token!);
        return 0;
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
        /// <summary>The longest flood line (its prefixes vary); the unread tail keeps two.</summary>
        public const int LineBytes = 160;
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
