namespace BkConsole.Simulator.Uart;

/// <summary>A bounded FIFO of bytes between two threads, with blocking and async reads. Completing it wakes readers.</summary>
internal sealed class ByteQueue(int capacity)
{
    private readonly object _gate = new();
    private readonly Queue<byte> _bytes = new();
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool Completed { get; private set; }

    public int Count
    {
        get { lock (_gate) return _bytes.Count; }
    }

    /// <summary>Appends what fits; returns the number taken.</summary>
    public int Write(ReadOnlySpan<byte> data)
    {
        TaskCompletionSource wake;
        int n;
        lock (_gate)
        {
            if (Completed) return 0;
            n = Math.Min(data.Length, capacity - _bytes.Count);
            for (int i = 0; i < n; i++) _bytes.Enqueue(data[i]);
            wake = _signal;
            _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
            Monitor.PulseAll(_gate);
        }
        wake.TrySetResult();
        return n;
    }

    public int Take(Span<byte> buffer)
    {
        lock (_gate)
        {
            int n = Math.Min(buffer.Length, _bytes.Count);
            for (int i = 0; i < n; i++) buffer[i] = _bytes.Dequeue();
            if (n > 0) Monitor.PulseAll(_gate);
            return n;
        }
    }

    /// <summary>Blocks up to the timeout for data; 0 on timeout or completion.</summary>
    public int Read(Span<byte> buffer, int timeoutMs)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        lock (_gate)
        {
            while (_bytes.Count == 0 && !Completed)
            {
                long left = deadline - Environment.TickCount64;
                if (left <= 0) return 0;
                Monitor.Wait(_gate, (int)left);
            }
        }
        return Take(buffer);
    }

    public bool WaitSpace(int timeoutMs)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        lock (_gate)
        {
            while (_bytes.Count >= capacity && !Completed)
            {
                long left = deadline - Environment.TickCount64;
                if (left <= 0) return false;
                Monitor.Wait(_gate, (int)left);
            }
            return !Completed;
        }
    }

    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct)
    {
        while (true)
        {
            Task wait;
            lock (_gate)
            {
                if (_bytes.Count > 0 || Completed) break;
                wait = _signal.Task;
            }
            await wait.WaitAsync(ct).ConfigureAwait(false);
        }
        return Take(buffer.Span);
    }

    public void Clear()
    {
        lock (_gate) _bytes.Clear();
    }

    public void Complete()
    {
        TaskCompletionSource wake;
        lock (_gate)
        {
            Completed = true;
            wake = _signal;
            Monitor.PulseAll(_gate);
        }
        wake.TrySetResult();
    }
}
