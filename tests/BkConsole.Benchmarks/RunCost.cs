using System.Diagnostics;

namespace BkConsole.Benchmarks;

/// <summary>
/// What one run of single-threaded work cost: its count (lines), wall time, the process's CPU time (adds JIT, GC and
/// background threads), this thread's CPU time (the one-core figure) and the bytes this thread allocated.
/// </summary>
internal readonly record struct RunCost(long Count, double Wall, double ProcessCpu, double Thread, long Allocated)
{
    /// <summary>Collects garbage first, then runs <paramref name="run"/> (which returns its count) once and measures it.</summary>
    public static RunCost Measure(Func<long> run)
    {
        GC.Collect();
        long alloc0 = GC.GetAllocatedBytesForCurrentThread();
        var proc = Process.GetCurrentProcess();
        var cpu0 = proc.TotalProcessorTime;
        double thread0 = ThreadCpu.Seconds();
        var sw = Stopwatch.StartNew();
        long count = run();
        sw.Stop();
        double thread = ThreadCpu.Seconds() - thread0;
        proc.Refresh();
        double cpu = (proc.TotalProcessorTime - cpu0).TotalSeconds;
        return new RunCost(count, sw.Elapsed.TotalSeconds, cpu, thread, GC.GetAllocatedBytesForCurrentThread() - alloc0);
    }
}
