using System.Diagnostics;

namespace BkConsole.Devices.Flash;

/// <summary>Turns "done so far" into <see cref="FlashProgress"/> with an average rate and ETA.</summary>
public sealed class ProgressMeter(string phase, long total, IProgress<FlashProgress>? sink)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public TimeSpan Elapsed => _clock.Elapsed;

    public void Report(long done, long offset, string? note = null)
    {
        if (sink == null) return;
        double seconds = _clock.Elapsed.TotalSeconds;
        double rate = seconds > 0 ? done / seconds : 0;
        TimeSpan? eta = rate > 0 && done > 0 ? TimeSpan.FromSeconds((total - done) / rate) : null;
        sink.Report(new FlashProgress(phase, done, total, rate, eta, offset, note));
    }
}
