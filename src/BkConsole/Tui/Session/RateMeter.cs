namespace BkConsole.Tui.Session;

/// <summary>A per-second rate over a sliding window (bytes/s, lines/s for the status bar).</summary>
public sealed class RateMeter
{
    private readonly Queue<(DateTimeOffset Time, long Amount)> _samples = new();
    private readonly TimeSpan _window;
    private long _inWindow;

    public RateMeter(TimeSpan window) => _window = window;

    public long Total { get; private set; }

    public void Add(long amount, DateTimeOffset now)
    {
        if (amount <= 0) return;
        Total += amount;
        _inWindow += amount;
        _samples.Enqueue((now, amount));
        Trim(now);
    }

    public double PerSecond(DateTimeOffset now)
    {
        Trim(now);
        return _inWindow / _window.TotalSeconds;
    }

    private void Trim(DateTimeOffset now)
    {
        while (_samples.Count > 0 && now - _samples.Peek().Time > _window)
            _inWindow -= _samples.Dequeue().Amount;
    }
}
