using System.Diagnostics;
using System.Threading.Channels;
using BkConsole.Core.Errors;
using BkConsole.Core.Links;

namespace BkConsole.Tui.Session;

/// <summary>
/// The only code that reads the port (style.md rule 10): it moves bytes into a channel and nothing else. When the
/// device goes away it reports "waiting for device" and reopens the same path until it is back; bytes read before
/// the loss are already in the channel, so nothing received is lost. It can lend the port to a flash dump
/// (<see cref="ReleaseAsync"/>) and take it back (<see cref="Resume"/>).
/// </summary>
public sealed class SerialReader : IAsyncDisposable
{
    private readonly LinkOpener _open;
    private readonly Channel<ReaderItem> _channel =
        Channel.CreateUnbounded<ReaderItem>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private Task? _loop;
    private volatile ISerialLink? _link;
    private int _baud;
    private CancellationTokenSource? _readCts;
    private TaskCompletionSource? _released;
    private bool _lending;
    private TaskCompletionSource _resume = NewResumed();

    public SerialReader(LinkOpener open, int baud, TimeProvider? time = null)
    {
        _open = open;
        _baud = baud;
        _time = time ?? TimeProvider.System;
    }

    public ChannelReader<ReaderItem> Output => _channel.Reader;

    /// <summary>
    /// Called on the reader's thread right after an item went into the channel (bytes or a state change), so the
    /// consumer can wake up instead of polling. Keep it cheap: it runs once per read.
    /// </summary>
    public Action? ItemWritten
    {
        get => Volatile.Read(ref _itemWritten);
        set => Volatile.Write(ref _itemWritten, value);
    }

    private Action? _itemWritten;

    /// <summary>The open link, or null while the device is away or the port is lent out.</summary>
    public ISerialLink? Link => _link;

    public int Baud => Volatile.Read(ref _baud);

    public ConnectionState State { get; private set; } = ConnectionState.Connecting;

    /// <summary>The first open failure (busy, permission, missing), so the command can report it and exit.</summary>
    public BkException? OpenError { get; private set; }

    /// <summary>Opens the port once (failures are reported to the caller), then starts the read loop.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _link = await _open(_baud, cancellationToken).ConfigureAwait(false);
        SetState(ConnectionState.Connected, _link.PortName);
        _loop = Task.Run(() => LoopAsync(_stop.Token), CancellationToken.None);
    }

    public void SetBaudRate(int baud)
    {
        Volatile.Write(ref _baud, baud);
        _link?.SetBaudRate(baud);
    }

    /// <summary>Stops reading and closes the port so another client (a flash dump) can open it.</summary>
    public Task ReleaseAsync(CancellationToken cancellationToken) => StopReadingAsync(lend: false, cancellationToken);

    /// <summary>
    /// Stops reading but keeps the port open and hands it over (a flash dump on the same port): nothing is closed
    /// or flushed, so the reader picks up the chip's next boot the moment <see cref="Resume"/> is called.
    /// </summary>
    public async Task<ISerialLink> LendAsync(CancellationToken cancellationToken)
    {
        await StopReadingAsync(lend: true, cancellationToken).ConfigureAwait(false);
        return _link ?? throw new IOException("the port went away before it could be lent");
    }

    private async Task StopReadingAsync(bool lend, CancellationToken cancellationToken)
    {
        Task wait;
        lock (_gate)
        {
            if (_released != null) return;
            _lending = lend;
            _released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _readCts?.Cancel();
            wait = _released.Task;
        }
        try
        {
            await wait.WaitAsync(MonitorLimits.ReleaseGrace, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException) when (!lend)
        {
            // a link whose read ignores cancellation: closing it ends the read
            var link = _link;
            if (link != null) await DisposeQuietly(link).ConfigureAwait(false);
            await wait.WaitAsync(MonitorLimits.ReleaseDeadline, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reopens the port after <see cref="ReleaseAsync"/>, or reads on after <see cref="LendAsync"/> (at the session's baud again).</summary>
    public void Resume()
    {
        lock (_gate)
        {
            if (_lending && _link is { } link && link.BaudRate != Baud)
            {
                try { link.SetBaudRate(Baud); }
                catch (Exception ex) when (ex is IOException or BkException or ObjectDisposedException) { }
            }
            _released = null;
            _lending = false;
            _resume.TrySetResult();
        }
    }

    private static TaskCompletionSource NewResumed()
    {
        var t = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        t.SetResult();
        return t;
    }

    private async Task LoopAsync(CancellationToken stop)
    {
        var buffer = new byte[MonitorLimits.ReadBufferBytes];
        while (!stop.IsCancellationRequested)
        {
            var link = _link;
            if (link == null)
            {
                await ReopenAsync(stop).ConfigureAwait(false);
                continue;
            }
            CancellationTokenSource? readCts = null;
            bool lending;
            Task resume;
            lock (_gate)
            {
                if (_released == null)
                {
                    // one token source per reading period, not per read (a read is a few hundred bytes at 2 Mbaud)
                    if (_readCts is not { IsCancellationRequested: false })
                    {
                        _readCts?.Dispose();
                        _readCts = CancellationTokenSource.CreateLinkedTokenSource(stop);
                    }
                    readCts = _readCts;
                }
                lending = _lending;
                resume = _resume.Task;
            }
            if (readCts == null && lending)
            {
                // the port is lent with its link open: wait, then read on from the same link
                SetState(ConnectionState.Released, null);
                lock (_gate) _released?.TrySetResult();
                try { await resume.WaitAsync(stop).ConfigureAwait(false); }
                catch (OperationCanceledException) { break; }
                SetState(ConnectionState.Connected, link.PortName);
                continue;
            }
            if (readCts == null)
            {
                // lend the port: close it; ReopenAsync waits for Resume
                _link = null;
                await DisposeQuietly(link).ConfigureAwait(false);
                continue;
            }
            try
            {
                int n = await link.ReadAsync(buffer, readCts.Token).ConfigureAwait(false);
                if (n > 0)
                {
                    _channel.Writer.TryWrite(ReaderItem.Bytes(buffer.AsSpan(0, n).ToArray(), _time.GetUtcNow(), Stopwatch.GetTimestamp()));
                    ItemWritten?.Invoke();
                }
                // a short read means the port delivers in dribbles: let a few ms of bytes gather so the next read
                // takes them in one chunk (one wake-up, one copy, one channel item) instead of dozens
                if (n < MonitorLimits.CoalesceBelowBytes)
                    await Task.Delay(MonitorLimits.ReadCoalesce, readCts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!stop.IsCancellationRequested)
            {
                // a release asked for the port; the loop lets go of it above
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (Exception ex) when (ex is LinkLostException or IOException or ObjectDisposedException or InvalidOperationException)
            {
                _link = null;
                await DisposeQuietly(link).ConfigureAwait(false);
                SetState(ConnectionState.WaitingForDevice, ex.Message);
            }
            finally
            {
                lock (_gate)
                {
                    if (readCts.IsCancellationRequested)
                    {
                        if (_readCts == readCts) _readCts = null;
                        readCts.Dispose();
                    }
                }
            }
        }
    }

    private async Task ReopenAsync(CancellationToken stop)
    {
        Task resume;
        lock (_gate) resume = _resume.Task;
        if (!resume.IsCompleted)
        {
            SetState(ConnectionState.Released, null);
            lock (_gate) _released?.TrySetResult();
            await resume.WaitAsync(stop).ConfigureAwait(false);
        }
        try
        {
            var link = await _open(Baud, stop).ConfigureAwait(false);
            _link = link;
            SetState(ConnectionState.Connected, link.PortName);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is BkException or IOException or UnauthorizedAccessException)
        {
            if (State != ConnectionState.WaitingForDevice) SetState(ConnectionState.WaitingForDevice, ex.Message);
            await Task.Delay(MonitorLimits.ReconnectInterval, _time, stop).ConfigureAwait(false);
        }
    }

    private void SetState(ConnectionState state, string? detail)
    {
        if (State == state) return;
        State = state;
        _channel.Writer.TryWrite(ReaderItem.StateChange(state, _time.GetUtcNow(), detail));
        ItemWritten?.Invoke();
    }

    private static async ValueTask DisposeQuietly(ISerialLink link)
    {
        try { await link.DisposeAsync().ConfigureAwait(false); }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException) { }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        Resume();
        if (_loop != null)
        {
            try { await _loop.ConfigureAwait(false); }
            catch (OperationCanceledException) { }
        }
        var link = _link;
        _link = null;
        if (link != null) await DisposeQuietly(link).ConfigureAwait(false);
        State = ConnectionState.Closed;
        _channel.Writer.TryComplete();
        _stop.Dispose();
    }
}
