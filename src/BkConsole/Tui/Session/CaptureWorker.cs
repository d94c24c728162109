using System.Threading.Channels;
using BkConsole.Core.Events;

namespace BkConsole.Tui.Session;

/// <summary>
/// Runs the capture sinks (raw log file, store) on their own thread so the UI thread only enqueues. Items are
/// handled in order; a sink that fails is reported once and dropped, the others go on.
/// </summary>
public sealed class CaptureWorker : IAsyncDisposable
{
    private abstract record Item;
    private sealed record RawItem(byte[] Data, DateTimeOffset Time) : Item;
    private sealed record LinesItem(LogLine[] Lines, LogEvent[] Events) : Item;
    private sealed record BootItem(BootRecord Boot) : Item;
    private sealed record GapItem(DateTimeOffset From, DateTimeOffset To, string? Reason) : Item;

    private readonly Channel<Item> _queue = Channel.CreateUnbounded<Item>(new UnboundedChannelOptions { SingleReader = true });
    private readonly List<ICaptureSink> _sinks;
    private readonly Task _worker;
    private volatile string? _error;

    public CaptureWorker(IEnumerable<ICaptureSink> sinks)
    {
        _sinks = sinks.ToList();
        _worker = Task.Run(RunAsync);
    }

    /// <summary>The first sink failure, for the status bar.</summary>
    public string? Error => _error;

    public bool HasSinks => _sinks.Count > 0;

    /// <summary>Items queued and not yet written (a store slower than the port shows here, and in memory).</summary>
    public int Backlog => Volatile.Read(ref _backlog);

    private int _backlog;

    private void Enqueue(Item item)
    {
        Interlocked.Increment(ref _backlog);
        if (!_queue.Writer.TryWrite(item)) Interlocked.Decrement(ref _backlog);
    }

    public void Raw(byte[] data, DateTimeOffset time) { if (HasSinks) Enqueue(new RawItem(data, time)); }

    public void Lines(LogLine[] lines, LogEvent[] events)
    {
        if (HasSinks && (lines.Length > 0 || events.Length > 0)) Enqueue(new LinesItem(lines, events));
    }

    public void Boot(BootRecord boot) { if (HasSinks) Enqueue(new BootItem(boot)); }

    public void Gap(DateTimeOffset from, DateTimeOffset to, string? reason)
    {
        if (HasSinks) Enqueue(new GapItem(from, to, reason));
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var item))
            {
                Dispatch(item);
                Interlocked.Decrement(ref _backlog);
            }
            ForEach(s => s.Flush());
        }
    }

    private void Dispatch(Item item)
    {
        switch (item)
        {
            case RawItem r: ForEach(s => s.Raw(r.Data, r.Time)); break;
            case LinesItem l: ForEach(s => s.Lines(l.Lines, l.Events)); break;
            case BootItem b: ForEach(s => s.Boot(b.Boot)); break;
            case GapItem g: ForEach(s => s.Gap(g.From, g.To, g.Reason)); break;
        }
    }

    private void ForEach(Action<ICaptureSink> action)
    {
        for (int i = _sinks.Count - 1; i >= 0; i--)
        {
            try
            {
                action(_sinks[i]);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                _error ??= $"capture stopped writing to {_sinks[i].GetType().Name}: {ex.Message}";
                _sinks[i].Dispose();
                _sinks.RemoveAt(i);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _worker.ConfigureAwait(false);
        foreach (var s in _sinks) s.Dispose();
        _sinks.Clear();
    }
}
