namespace BkConsole.Devices.Serial;

/// <summary>
/// Bytes received by the reader thread and not yet consumed: a growable ring with one asynchronous consumer.
/// A failure (unplug) is delivered after the bytes that arrived before it.
/// </summary>
internal sealed class ReceiveQueue
{
    private readonly object _gate = new();
    private byte[] _ring = new byte[256 * 1024];
    private int _head;
    private int _count;
    private Exception? _fault;
    private TaskCompletionSource? _waiter;

    public int Count
    {
        get { lock (_gate) return _count; }
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        TaskCompletionSource? wake;
        lock (_gate)
        {
            if (_count + data.Length > _ring.Length) Grow(_count + data.Length);
            int tail = (_head + _count) % _ring.Length;
            int first = Math.Min(data.Length, _ring.Length - tail);
            data[..first].CopyTo(_ring.AsSpan(tail));
            data[first..].CopyTo(_ring);
            _count += data.Length;
            wake = _waiter;
            _waiter = null;
        }
        wake?.TrySetResult();
    }

    public void Fail(Exception fault)
    {
        TaskCompletionSource? wake;
        lock (_gate)
        {
            _fault ??= fault;
            wake = _waiter;
            _waiter = null;
        }
        wake?.TrySetResult();
    }

    public void Clear()
    {
        lock (_gate)
        {
            _head = 0;
            _count = 0;
        }
    }

    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (buffer.Length == 0) return 0;
        while (true)
        {
            Task wait;
            lock (_gate)
            {
                if (_count > 0) return Take(buffer.Span);
                if (_fault != null) throw _fault;
                _waiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _waiter.Task;
            }
            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private int Take(Span<byte> destination)
    {
        int n = Math.Min(destination.Length, _count);
        int first = Math.Min(n, _ring.Length - _head);
        _ring.AsSpan(_head, first).CopyTo(destination);
        _ring.AsSpan(0, n - first).CopyTo(destination[first..]);
        _head = (_head + n) % _ring.Length;
        _count -= n;
        if (_count == 0) _head = 0;
        return n;
    }

    private void Grow(int needed)
    {
        int size = _ring.Length;
        while (size < needed) size *= 2;
        var bigger = new byte[size];
        int first = Math.Min(_count, _ring.Length - _head);
        _ring.AsSpan(_head, first).CopyTo(bigger);
        _ring.AsSpan(0, _count - first).CopyTo(bigger.AsSpan(first));
        _ring = bigger;
        _head = 0;
    }
}
