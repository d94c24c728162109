using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using BkConsole.Core.Events;
using BkConsole.Core.Links;

namespace BkConsole.Tui.Session;

/// <summary>
/// The live terminal without a terminal: reader → channel → pipeline → view models. The UI calls
/// <see cref="Drain"/> on its own thread from a timer and redraws what changed; tests and the benchmark call it
/// directly. Capture (raw log file, store) runs on a worker thread.
/// </summary>
public sealed class MonitorSession : IAsyncDisposable
{
    private readonly MonitorOptions _options;
    private readonly IMonitorPipeline _pipeline;
    private readonly IFindingSource? _findings;
    private readonly TimeProvider _time;
    private readonly SerialReader _reader;
    private readonly CaptureWorker _capture;
    private readonly PipelineOutput _out = new();
    private readonly Dictionary<int, ScrollLine> _byLineNo = [];
    private readonly List<LogEvent> _recentEvents = [];
    private DateTimeOffset? _awaySince;
    private string? _awayReason;
    private DateTimeOffset _messageUntil;
    private readonly ConcurrentQueue<Action> _posted = new();
    private bool _findingsDirty;
    private DateTimeOffset _findingsAt = DateTimeOffset.MinValue;
    private string? _lastCaptureError;

    public MonitorSession(
        MonitorOptions options,
        LinkOpener open,
        IMonitorPipeline pipeline,
        IEnumerable<ICaptureSink>? sinks = null,
        IFindingSource? findings = null,
        TimeProvider? time = null)
    {
        _options = options;
        _pipeline = pipeline;
        _findings = findings;
        _time = time ?? TimeProvider.System;
        _reader = new SerialReader(open, options.Baud, _time);
        _capture = new CaptureWorker(sinks ?? []);
        Scrollback = new Scrollback(options.ScrollbackLines);
        LineEnding = options.LineEnding;
        Echo = options.Echo;
    }

    public MonitorOptions Options => _options;

    public Scrollback Scrollback { get; }

    public ByteHistory Bytes { get; } = new(MonitorLimits.HexHistoryBytes);

    public BootList Boots { get; } = new();

    public BootEvents CurrentBoot { get; } = new(MonitorLimits.CurrentBootEventsCap);

    public IReadOnlyList<FindingItem> Findings { get; private set; } = [];

    public RateMeter ByteRate { get; } = new(MonitorLimits.RateWindow);

    public RateMeter LineRate { get; } = new(MonitorLimits.RateWindow);

    public ConnectionState State { get; private set; } = ConnectionState.Connecting;

    public string Port => _options.Port;

    public int Baud => _reader.Baud;

    public SendLineEnding LineEnding { get; set; }

    public bool Echo { get; set; }

    /// <summary>A short message for the status bar (reset refused, baud changed, capture error…).</summary>
    public string? Message { get; private set; }

    /// <summary>
    /// When the oldest bytes of the last <see cref="Drain"/> were read from the port (a Stopwatch timestamp), or 0
    /// when that drain moved no bytes. The window turns it into byte-to-screen latency once it has drawn them.
    /// </summary>
    public long OldestDrainedTimestamp { get; private set; }

    /// <summary>
    /// Called on the reader's thread whenever something arrives for <see cref="Drain"/> (bytes or a connection
    /// change), so the UI can drain at once instead of on a fixed tick. Must be cheap and thread-safe.
    /// </summary>
    public Action? Arrived
    {
        get => _reader.ItemWritten;
        set => _reader.ItemWritten = value;
    }

    /// <summary>True while the reader's channel holds items no drain has taken yet (a drain hit its budget).</summary>
    public bool HasPending => _reader.Output.TryPeek(out _);

    /// <summary>Bytes handed to the pipeline so far (the benchmark checks none were dropped).</summary>
    public long BytesProcessed => Bytes.TotalBytes;

    public SerialReader Reader => _reader;

    /// <summary>Opens the port (a failure here is the command's error: busy, permission, missing) and starts reading.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _reader.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Moves whatever arrived into the models. Runs on the UI thread.</summary>
    public DrainResult Drain()
    {
        var result = DrainResult.None;
        var now = _time.GetUtcNow();
        while (_posted.TryDequeue(out var action))
        {
            action();
            result |= DrainResult.Log | DrainResult.Status;
        }
        long budget = MonitorLimits.MaxBytesPerDrain;
        long oldest = 0;
        while (budget > 0 && _reader.Output.TryRead(out var item))
        {
            if (item.Data is { } data)
            {
                if (oldest == 0) oldest = item.Timestamp;
                budget -= data.Length;
                Bytes.Append(data);
                ByteRate.Add(data.Length, now);
                _capture.Raw(data, item.Time);
                _pipeline.Push(data, item.Time, _out);
            }
            else if (item.State is { } state)
            {
                result |= OnState(state, item.Time, item.Detail);
            }
        }
        _pipeline.FlushIfIdle(now, _out);
        result |= Take(now);
        if (_findingsDirty && _findings != null && now - _findingsAt >= MonitorLimits.FindingsInterval)
        {
            _findingsAt = now;
            _findingsDirty = false;
            var found = _findings.Evaluate(Boots.Items, _recentEvents);
            if (!SameFindings(found, Findings))
            {
                Findings = found;
                result |= DrainResult.Findings;
            }
        }
        if (Message != null && now > _messageUntil)
        {
            Message = null;
            result |= DrainResult.Status;
        }
        if (_capture.Error is { } err && err != _lastCaptureError)
        {
            _lastCaptureError = err;
            Say(err);
        }
        OldestDrainedTimestamp = oldest;
        return result | DrainResult.Status;
    }

    private static bool SameFindings(IReadOnlyList<FindingItem> a, IReadOnlyList<FindingItem> b) =>
        a.Count == b.Count && a.SequenceEqual(b);

    private DrainResult Take(DateTimeOffset now)
    {
        if (_out.IsEmpty) return DrainResult.None;
        var result = DrainResult.None;
        _byLineNo.Clear();
        foreach (var line in _out.Lines)
        {
            var s = new ScrollLine(line.Text, line.HostTime, ScrollLineSource.Received, line);
            Scrollback.Add(s);
            _byLineNo[line.LineNo] = s;
        }
        if (_out.Lines.Count > 0)
        {
            LineRate.Add(_out.Lines.Count, now);
            result |= DrainResult.Log;
        }
        foreach (var e in _out.Events)
        {
            if (_byLineNo.TryGetValue(e.LineNo, out var s) && (s.Event == null || e.Severity > s.Event.Severity)) s.Event = e;
            CurrentBoot.Add(e);
            _recentEvents.Add(e);
            result |= DrainResult.Events | DrainResult.Log;
        }
        if (_recentEvents.Count > MonitorLimits.CurrentBootEventsCap * 2)
            _recentEvents.RemoveRange(0, _recentEvents.Count - MonitorLimits.CurrentBootEventsCap);
        foreach (var b in _out.Boots)
        {
            Boots.Upsert(b);
            _capture.Boot(b);
            result |= DrainResult.Boots;
        }
        _capture.Lines(_out.Lines.ToArray(), _out.Events.ToArray());
        if (_out.Events.Count > 0 || _out.Boots.Count > 0) _findingsDirty = true;
        _out.Clear();
        return result;
    }

    private DrainResult OnState(ConnectionState state, DateTimeOffset time, string? detail)
    {
        var before = State;
        State = state;
        if (state == ConnectionState.WaitingForDevice && _awaySince == null)
        {
            _pipeline.Flush(_out);
            Take(time);
            _awaySince = time;
            _awayReason = detail;
            Marker($"── {Port}: device went away at {Clock(time)} — waiting for it to come back ──", time);
        }
        else if (state == ConnectionState.Released && _awaySince == null)
        {
            _pipeline.Flush(_out);
            Take(time);
            _awaySince = time;
            _awayReason = "port lent to a flash dump";
            Marker($"── {Port}: log paused at {Clock(time)} — the port is lent to the flash dump ──", time);
        }
        else if (state == ConnectionState.Connected && _awaySince is { } from)
        {
            _capture.Gap(from, time, _awayReason);
            Marker(before == ConnectionState.Released
                ? $"── {Port}: log resumed at {Clock(time)} after {(time - from).TotalSeconds:0.0} s ──"
                : $"── {Port}: back at {Clock(time)} after {(time - from).TotalSeconds:0.0} s — session continues ──", time);
            _awaySince = null;
            _awayReason = null;
        }
        return before == state ? DrainResult.Status : DrainResult.Status | DrainResult.Log;
    }

    private static string Clock(DateTimeOffset t) => t.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>Adds a session marker line to the log pane.</summary>
    public void Marker(string text, DateTimeOffset? time = null) =>
        Scrollback.Add(new ScrollLine(text, time ?? _time.GetUtcNow(), ScrollLineSource.Marker));

    /// <summary>Shows a message in the status bar; safe from any thread (applied by the next drain).</summary>
    public void Say(string message) => Post(() =>
    {
        Message = message;
        _messageUntil = _time.GetUtcNow() + MonitorLimits.MessageLifetime;
    });

    /// <summary>Runs a change of the models on the UI thread, at the next drain (async commands finish elsewhere).</summary>
    public void Post(Action change) => _posted.Enqueue(change);

    /// <summary>Sends a line with the session's line ending; echoed into the log when echo is on.</summary>
    public async Task SendLineAsync(string text, CancellationToken cancellationToken)
    {
        var link = _reader.Link;
        if (link == null)
        {
            Say($"not sent: {Port} is {State.Display()}");
            return;
        }
        var bytes = Encoding.UTF8.GetBytes(text).Concat(MonitorOptions.EndingBytes(LineEnding)).ToArray();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(MonitorLimits.WriteDeadline);
        try
        {
            await link.WriteAsync(bytes, cts.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            Say($"not sent: {ex.Message}");
            return;
        }
        if (Echo)
        {
            var echoed = new ScrollLine("» " + text, _time.GetUtcNow(), ScrollLineSource.Sent);
            Post(() => Scrollback.Add(echoed));
        }
    }

    public void SetBaud(int baud)
    {
        try
        {
            _reader.SetBaudRate(baud);
            Say($"baud set to {baud}");
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or InvalidOperationException)
        {
            Say($"baud not changed: {ex.Message}");
        }
    }

    /// <summary>
    /// Pulses the chip's reset through both modem lines, in a sequence that resets the usual wirings and leaves
    /// the chip running its firmware (the Beken boot ROM needs no boot pin, only a CEN pulse):
    /// <list type="number">
    /// <item>DTR and RTS asserted (both pins low): CEN held in reset whichever of the two lines the adapter brings
    /// to CEN (bk7231tools and most Beken adapters use RTS, some DTR);</item>
    /// <item>DTR released, RTS still asserted: on an ESP-style two-transistor auto-reset board (where both lines
    /// asserted together do nothing) this is EN low with the boot pin high, as idf.py monitor and tio users expect;</item>
    /// <item>RTS released: the chip runs.</item>
    /// </list>
    /// On a port without modem lines (a pty) it says why nothing happened.
    /// </summary>
    public async Task ResetPulseAsync(CancellationToken cancellationToken)
    {
        var link = _reader.Link;
        if (link == null)
        {
            Say($"no reset: {Port} is {State.Display()}");
            return;
        }
        if (link.ModemLines is not { } lines)
        {
            Say($"no reset pulse on {Port}: {link.ModemLinesUnavailableReason ?? "the port has no DTR/RTS lines"}");
            return;
        }
        try
        {
            lines.SetDtr(true);
            lines.SetRts(true);
            await Task.Delay(MonitorLimits.ResetPulse, _time, cancellationToken).ConfigureAwait(false);
            lines.SetDtr(false);
            await Task.Delay(MonitorLimits.ResetPulse, _time, cancellationToken).ConfigureAwait(false);
            lines.SetRts(false);
            Say("reset pulse sent (DTR+RTS low, then RTS alone: CEN/EN low, boot pin high)");
        }
        catch (IOException ex)
        {
            Say($"no reset pulse on {Port}: {ex.Message}");
        }
        finally
        {
            // never leave the chip held in reset (a cancelled pulse, a line that failed half-way)
            TryRelease(lines);
        }
    }

    private static void TryRelease(IModemLines lines)
    {
        try
        {
            lines.SetDtr(false);
            lines.SetRts(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException)
        {
            // the port went away: nothing is held any more
        }
    }

    /// <summary>Lends the port to a flash dump (the log pane shows a marker); <see cref="ResumePort"/> takes it back.</summary>
    public Task ReleasePortAsync(CancellationToken cancellationToken) => _reader.ReleaseAsync(cancellationToken);

    public void ResumePort() => _reader.Resume();

    /// <summary>Lends the open link itself (same-port dump): no close, no flush, so the next boot is not missed.</summary>
    public Task<ISerialLink> LendLinkAsync(CancellationToken cancellationToken) => _reader.LendAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _reader.DisposeAsync().ConfigureAwait(false);
        while (_reader.Output.TryRead(out var item))
        {
            if (item.Data is { } data)
            {
                Bytes.Append(data);
                _capture.Raw(data, item.Time);
                _pipeline.Push(data, item.Time, _out);
                Take(_time.GetUtcNow());
            }
        }
        _pipeline.Flush(_out);
        Take(_time.GetUtcNow());
        await _capture.DisposeAsync().ConfigureAwait(false);
    }
}
