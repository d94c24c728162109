using System.Collections.Concurrent;
using System.Diagnostics;

namespace BkConsole.Simulator.Uart;

/// <summary>
/// The device's TX line. Bytes, rate switches and pauses are queued in order and leave on a dedicated thread at
/// baud/10 bytes per second: each slice is scheduled against an absolute timeline (Stopwatch), so the average rate is
/// exact and sleeps only decide how finely it is chopped — no per-byte sleeping. With pacing off, bytes go out at
/// once but essential pauses (SetBaudRate's delay) are kept. When the host's rate does not match, what arrives is
/// what a UART at the host's rate would decode (<see cref="BaudMismatch"/>). TX faults are applied here.
/// </summary>
public sealed class PacedTransmitter : IUartOutput, IDisposable
{
    private abstract record Item;
    private sealed record Bytes(byte[] Data) : Item;
    private sealed record Rate(int Baud) : Item;
    private sealed record Wait(TimeSpan Duration, bool Essential) : Item;

    private readonly BlockingCollection<Item> _queue = new();
    private readonly Func<IDeviceChannel?> _channel;
    private readonly bool _pacing;
    private readonly bool _garbleOnMismatch;
    private readonly FaultInjector? _faults;
    private readonly Thread _thread;
    private readonly CancellationTokenSource _stop = new();
    private readonly object _flushGate = new();
    private long _pending;
    private long _epoch; // bumped by Reset(): queued items from before are dropped
    private long _sent;
    private int _baud;

    public PacedTransmitter(Func<IDeviceChannel?> channel, int baud, bool pacing, bool garbleOnMismatch, FaultInjector? faults)
    {
        _channel = channel;
        _baud = baud;
        _pacing = pacing;
        _garbleOnMismatch = garbleOnMismatch;
        _faults = faults;
        _thread = new Thread(Run) { IsBackground = true, Name = "sim-uart-tx" };
        _thread.Start();
    }

    /// <summary>Bytes queued and not yet on the wire.</summary>
    public long Pending => Interlocked.Read(ref _pending);

    /// <summary>Bytes that reached the wire (after faults and rate mismatch).</summary>
    public long Sent => Interlocked.Read(ref _sent);

    public int Baud => Volatile.Read(ref _baud);

    /// <summary>Bytes the host could not take and that were lost (nobody reading, or reading too slowly).</summary>
    public long Lost { get; private set; }

    public void Send(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return;
        Interlocked.Add(ref _pending, data.Length);
        _queue.Add(new Bytes(data.ToArray()));
    }

    public void SwitchBaud(int baud) => _queue.Add(new Rate(baud));

    public void Pause(TimeSpan duration, bool essential)
    {
        if (duration > TimeSpan.Zero) _queue.Add(new Wait(duration, essential));
    }

    /// <summary>A chip reset: whatever is still in the FIFO is lost and the UART restarts at <paramref name="baud"/>.</summary>
    public void Reset(int baud)
    {
        Interlocked.Increment(ref _epoch);
        while (_queue.TryTake(out var item))
        {
            if (item is Bytes b) Interlocked.Add(ref _pending, -b.Data.Length);
        }
        _queue.Add(new Rate(baud));
    }

    /// <summary>Waits until everything queued so far has left (tests, orderly shutdown).</summary>
    public bool WaitIdle(TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Pending > 0 || _queue.Count > 0)
        {
            if (Stopwatch.GetTimestamp() > deadline) return false;
            Thread.Sleep(1);
        }
        return true;
    }

    private void Run()
    {
        long lineFree = Stopwatch.GetTimestamp();
        try
        {
            foreach (var item in _queue.GetConsumingEnumerable(_stop.Token))
            {
                long epoch = Interlocked.Read(ref _epoch);
                switch (item)
                {
                    case Rate r:
                        Volatile.Write(ref _baud, r.Baud);
                        break;
                    case Wait w:
                        if (w.Essential || _pacing)
                        {
                            long until = Math.Max(lineFree, Stopwatch.GetTimestamp()) + (long)(w.Duration.TotalSeconds * Stopwatch.Frequency);
                            SleepUntil(until);
                            lineFree = until;
                        }
                        break;
                    case Bytes b:
                        lineFree = Transmit(b.Data, lineFree, epoch);
                        Interlocked.Add(ref _pending, -b.Data.Length);
                        break;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private long Transmit(byte[] data, long lineFree, long epoch)
    {
        var stalls = new List<(int Position, TimeSpan Stall)>();
        var payload = _faults != null ? _faults.Apply(data, stalls) : data;
        int baud = Baud;
        int sliceSize = _pacing ? Math.Max(1, baud / 10 / 500) : payload.Length; // ≈2 ms of line time per slice
        double ticksPerByte = 10.0 * Stopwatch.Frequency / baud;
        int pos = 0;
        int stallIndex = 0;
        while (pos < payload.Length)
        {
            if (Interlocked.Read(ref _epoch) != epoch || _stop.IsCancellationRequested) return lineFree; // reset: FIFO lost
            while (stallIndex < stalls.Count && stalls[stallIndex].Position <= pos)
            {
                long until = Math.Max(lineFree, Stopwatch.GetTimestamp()) + (long)(stalls[stallIndex].Stall.TotalSeconds * Stopwatch.Frequency);
                SleepUntil(until);
                lineFree = until;
                stallIndex++;
            }
            int end = Math.Min(payload.Length, pos + sliceSize);
            if (stallIndex < stalls.Count) end = Math.Min(end, Math.Max(pos + 1, stalls[stallIndex].Position));
            var slice = payload.AsSpan(pos, end - pos);
            if (_pacing)
            {
                long now = Stopwatch.GetTimestamp();
                // Behind by a little (a late wake-up): keep the timeline and catch up. Behind by a lot: the line was idle.
                if (now - lineFree > IdleGapTicks) lineFree = now;
                SleepUntil(lineFree);
                lineFree += (long)(slice.Length * ticksPerByte);
            }
            Deliver(slice, baud);
            pos = end;
        }
        return lineFree;
    }

    private void Deliver(ReadOnlySpan<byte> slice, int baud)
    {
        var channel = _channel();
        if (channel == null)
        {
            Lost += slice.Length;
            return;
        }
        ReadOnlySpan<byte> wire = slice;
        if (_garbleOnMismatch && channel.HostBaud is int host && !BaudMismatch.Compatible(baud, host))
            wire = BaudMismatch.Resample(slice, baud, host);
        var deadline = Stopwatch.GetTimestamp() + (long)(SimTimings.TxBackpressureLimit.TotalSeconds * Stopwatch.Frequency);
        while (!wire.IsEmpty)
        {
            var io = channel.Write(wire, out int n);
            Interlocked.Add(ref _sent, n);
            wire = wire[n..];
            if (wire.IsEmpty) break;
            if (io != ChannelIo.Ok || !channel.HostAttached || Stopwatch.GetTimestamp() > deadline || _stop.IsCancellationRequested)
            {
                Lost += wire.Length; // nobody there, or the host stopped reading: a UART does not wait
                return;
            }
            channel.WaitWritable(5);
        }
    }

    /// <summary>Sleeps until about the timestamp; up to <see cref="EarlyTolerance"/> early is fine (no spinning).</summary>
    private void SleepUntil(long timestamp)
    {
        while (!_stop.IsCancellationRequested)
        {
            double ms = (timestamp - Stopwatch.GetTimestamp()) * 1000.0 / Stopwatch.Frequency;
            if (ms <= EarlyTolerance.TotalMilliseconds) return;
            Thread.Sleep(Math.Max(1, (int)ms));
        }
    }

    /// <summary>A slice may leave this much before its slot; the timeline stays exact, so the average rate does too.</summary>
    private static readonly TimeSpan EarlyTolerance = TimeSpan.FromMilliseconds(1);

    /// <summary>A lag larger than this means the line had nothing to send (not a late wake-up to catch up on).</summary>
    private static readonly long IdleGapTicks = Stopwatch.Frequency / 50;

    public void Dispose()
    {
        _stop.Cancel();
        _queue.CompleteAdding();
        _thread.Join(TimeSpan.FromSeconds(2));
        _stop.Dispose();
    }
}
