using System.Diagnostics;
using BkConsole.Core.Errors;
using BkConsole.Tui.Dump;
using BkConsole.Tui.Keys;
using BkConsole.Tui.Panes;
using BkConsole.Tui.Session;
using Terminal.Gui.App;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using StatusBar = BkConsole.Tui.Panes.StatusBar;

namespace BkConsole.Tui;

/// <summary>Everything the window needs besides the session: the one-key dump and where things are stored.</summary>
public sealed record MonitorWindowOptions
{
    public string? DbPath { get; init; }

    public OneKeyDump? Dump { get; init; }

    public FlashPortMemory? PortMemory { get; init; }

    public string DumpsFolder { get; init; } = "dumps";

    /// <summary>The answer the flash-port question offers first (the demo's simulated UART1 is the log port).</summary>
    public string? SuggestedFlashPort { get; init; }

    public bool DiagnosisAvailable { get; init; }

    /// <summary>What the SPI pane shows during an SPI dump (fed by the SPI dumper's progress).</summary>
    public Spi.SpiPaneModel? SpiModel { get; init; }
}

/// <summary>
/// The live terminal's window: composes the panes (one class each) and runs commands bound in <see cref="KeyMap"/>.
/// It drains the session on the UI thread when the reader says bytes arrived (rate-capped), or on a slow tick,
/// and redraws what changed at once.
/// </summary>
public sealed class MonitorWindow : Window
{
    private readonly IApplication _app;
    private readonly MonitorSession _session;
    private readonly KeyMap _keys;
    private readonly MonitorWindowOptions _options;
    private readonly TimeProvider _time;
    private readonly Dictionary<MonitorCommand, Action> _commands = [];
    private readonly CancellationTokenSource _closing = new();
    private CancellationTokenSource? _dumpCts;
    private object? _timer;
    private int _passPending;
    private long _lastPass;
    private long _undrawnSince;
    private double _drawCostMs;
    private TimeSpan _interval = MonitorLimits.MinRedrawInterval;
    private DateTimeOffset _bootsDrawn = DateTimeOffset.MinValue;

    public MonitorWindow(IApplication app, MonitorSession session, KeyMap keys, MonitorWindowOptions options, TimeProvider? time = null)
    {
        _app = app;
        _session = session;
        _keys = keys;
        _options = options;
        _time = time ?? TimeProvider.System;
        Title = $"bkconsole — {session.Options.DeviceName ?? session.Port}";
        BorderStyle = Terminal.Gui.Drawing.LineStyle.None;
        Log = CreateLogPane();
        Events = CreateEventsPane();
        Boots = CreateBootsPane();
        Findings = CreateFindingsPane();
        Status = new StatusBar(session, Log, _time, options.DbPath) { X = 0, Y = Pos.AnchorEnd(2), Width = Dim.Fill() };
        Hints = new HintBar(keys) { X = 0, Y = Pos.AnchorEnd(1), Width = Dim.Fill() };
        Prompt = new PromptBar { X = 0, Y = Pos.AnchorEnd(1), Width = Dim.Fill() };
        Help = new HelpPane(keys) { X = Pos.Center(), Y = Pos.Center(), Width = 86, Height = Dim.Auto() };
        Help.Height = Math.Min(40, keys.Bindings.Count + 4);
        DumpBox = new DumpDialog { X = Pos.Center(), Y = Pos.Center(), Width = 96, Height = 10 };
        SpiBox = new Spi.SpiPane(options.SpiModel ?? new Spi.SpiPaneModel("none"))
        {
            X = Pos.Center(), Y = Pos.Bottom(DumpBox), Width = 96, Height = 8, Visible = false,
        };
        Add(Log, Events, Boots, Findings, Status, Hints, Prompt, Help, DumpBox, SpiBox);
        RegisterCommands();
        Log.SetFocus();
    }

    public LogPane Log { get; }

    public EventsPane Events { get; }

    public BootsPane Boots { get; }

    public FindingsPane Findings { get; }

    public StatusBar Status { get; }

    public HintBar Hints { get; }

    public PromptBar Prompt { get; }

    public HelpPane Help { get; }

    public DumpDialog DumpBox { get; }

    /// <summary>The SPI pane (attempt counter, progress), shown under the dump dialog while SPI is the method.</summary>
    public Spi.SpiPane SpiBox { get; }

    public bool QuitRequested { get; private set; }

    private LogPane CreateLogPane() =>
        new(_session) { X = 0, Y = 0, Width = Dim.Percent(58), Height = Dim.Fill(2) };

    private EventsPane CreateEventsPane() =>
        new(_session.CurrentBoot, _time) { X = Pos.Right(Log), Y = 0, Width = Dim.Fill(), Height = Dim.Percent(40) };

    private BootsPane CreateBootsPane() =>
        new(_session.Boots, _time) { X = Pos.Right(Log), Y = Pos.Bottom(Events), Width = Dim.Fill(), Height = Dim.Percent(22) };

    private FindingsPane CreateFindingsPane() =>
        new(() => _session.Findings, _options.DiagnosisAvailable) { X = Pos.Right(Log), Y = Pos.Bottom(Boots), Width = Dim.Fill(), Height = Dim.Fill(2) };

    /// <summary>
    /// Called on the UI thread once newly received bytes are on the screen, with how long the oldest of them took
    /// from the reader's read() to the end of Terminal.Gui's layout-and-draw that painted them, in milliseconds.
    /// </summary>
    public Action<double>? DrawnLatencyObserver { get; set; }

    /// <summary>The least time between two data-driven passes now (adapts to what a frame costs).</summary>
    public TimeSpan RedrawInterval => _interval;

    /// <summary>Drain-and-draw passes so far (data-driven and fallback ticks).</summary>
    public long Passes { get; private set; }

    /// <summary>Time the passes spent draining (pipeline, models) and laying out and drawing (the benchmark's split).</summary>
    public TimeSpan DrainTime { get; private set; }

    /// <inheritdoc cref="DrainTime"/>
    public TimeSpan DrawTime { get; private set; }

    /// <summary>
    /// Starts draining: the reader wakes the UI thread as bytes arrive (at most one wake-up pending, passes at
    /// least <see cref="RedrawInterval"/> apart), and a slow fallback tick keeps the status bar
    /// current while nothing arrives. Call once the window is running (or begun, in tests).
    /// </summary>
    public void StartTicking()
    {
        if (_timer != null) return;
        _session.Arrived = RequestPass;
        _app.LayoutAndDrawComplete += OnDrawn;
        _timer = _app.AddTimeout(MonitorLimits.UiTick, () =>
        {
            if (_closing.IsCancellationRequested) return false;
            // during a flood the data-driven passes keep everything current: no extra frame
            if (_time.GetElapsedTime(_lastPass) >= MonitorLimits.UiTick / 2) Pass();
            return true;
        });
        if (_session.HasPending) RequestPass();
    }

    /// <summary>Any thread: asks the UI thread for a drain-and-draw pass unless one is already pending.</summary>
    private void RequestPass()
    {
        if (_closing.IsCancellationRequested || Interlocked.Exchange(ref _passPending, 1) == 1) return;
        _app.Invoke(OnWake);
    }

    /// <summary>UI thread: runs the pass now, or once <see cref="RedrawInterval"/> has passed since the last one.</summary>
    private void OnWake()
    {
        if (_closing.IsCancellationRequested) return;
        var wait = _interval - _time.GetElapsedTime(_lastPass);
        if (wait <= TimeSpan.Zero)
        {
            Pass();
            return;
        }
        _app.AddTimeout(wait, () =>
        {
            if (!_closing.IsCancellationRequested) Pass();
            return false;
        });
    }

    /// <summary>One pass: drain, redraw the changed panes right away (not at the loop's next iteration), report latency.</summary>
    private void Pass()
    {
        Volatile.Write(ref _passPending, 0);
        _lastPass = _time.GetTimestamp();
        Passes++;
        long t0 = Stopwatch.GetTimestamp();
        Tick();
        if (_undrawnSince == 0) _undrawnSince = _session.OldestDrainedTimestamp;
        long t1 = Stopwatch.GetTimestamp();
        _app.LayoutAndDraw();
        var draw = Stopwatch.GetElapsedTime(t1);
        DrainTime += Stopwatch.GetElapsedTime(t0, t1);
        DrawTime += draw;
        // keep drawing within its share of a core: a smoothed frame cost sets the next interval
        _drawCostMs = _drawCostMs * 0.8 + draw.TotalMilliseconds * 0.2;
        _interval = TimeSpan.FromMilliseconds(Math.Clamp(_drawCostMs / MonitorLimits.DrawBudget,
            MonitorLimits.MinRedrawInterval.TotalMilliseconds, MonitorLimits.MaxRedrawInterval.TotalMilliseconds));
        // a drain stops at its byte budget: the rest gets its own pass
        if (_session.HasPending) RequestPass();
    }

    /// <summary>Raised by Terminal.Gui after a layout-and-draw that drew something (ours in <see cref="Pass"/>, or its loop's).</summary>
    private void OnDrawn(object? sender, EventArgs e)
    {
        long since = _undrawnSince;
        if (since == 0) return;
        _undrawnSince = 0;
        DrawnLatencyObserver?.Invoke(Stopwatch.GetElapsedTime(since).TotalMilliseconds);
    }

    /// <summary>Drains the session and marks the panes that changed for redrawing (each pass; tests call it directly).</summary>
    public void Tick()
    {
        var changed = _session.Drain();
        if (changed.HasFlag(DrainResult.Log)) Log.Changed();
        if (changed.HasFlag(DrainResult.Events)) Events.Changed();
        // events alone only move the current boot's running time: a flood of them redraws the boots pane once a second
        var now = _time.GetUtcNow();
        if (changed.HasFlag(DrainResult.Boots) || (changed.HasFlag(DrainResult.Events) && now - _bootsDrawn >= MonitorLimits.BootsRefresh))
        {
            _bootsDrawn = now;
            Boots.Changed();
        }
        if (changed.HasFlag(DrainResult.Findings)) Findings.Changed();
        if (SpiBox.Visible && DumpBox.Running) SpiBox.SetNeedsDraw();
        Status.SetNeedsDraw();
    }

    private void RegisterCommands()
    {
        _commands[MonitorCommand.Help] = ToggleHelp;
        _commands[MonitorCommand.Quit] = Quit;
        _commands[MonitorCommand.Search] = () => Ask("search (regex):", Log.Search?.Pattern ?? "", StartSearch);
        _commands[MonitorCommand.SearchNext] = () => Next(forward: true);
        _commands[MonitorCommand.SearchPrevious] = () => Next(forward: false);
        _commands[MonitorCommand.FilterSeverity] = () => Log.SetFilter(Log.Filter.NextSeverity());
        _commands[MonitorCommand.FilterKind] = () => Ask("filter by event kind (empty = all):", Log.Filter.Kind ?? "",
            kind => Log.SetFilter(Log.Filter with { Kind = string.IsNullOrWhiteSpace(kind) ? null : kind.Trim() }));
        _commands[MonitorCommand.ClearFilter] = Log.ClearFilterAndSearch;
        _commands[MonitorCommand.Pause] = Log.TogglePause;
        _commands[MonitorCommand.HexView] = Log.ToggleHex;
        _commands[MonitorCommand.ShowKinds] = Log.ToggleKinds;
        _commands[MonitorCommand.Timestamps] = Log.ToggleTimestamps;
        _commands[MonitorCommand.AllEvents] = Events.ToggleAll;
        _commands[MonitorCommand.DebugEvents] = Events.ToggleDebug;
        _commands[MonitorCommand.SendLine] = () => Ask($"send ({_session.LineEnding.ToString().ToUpperInvariant()}):", "", SendLine);
        _commands[MonitorCommand.ChangeBaud] = () => Ask("baud:", _session.Baud.ToString(System.Globalization.CultureInfo.InvariantCulture), ChangeBaud);
        _commands[MonitorCommand.ResetPulse] = () => _ = _session.ResetPulseAsync(_closing.Token);
        _commands[MonitorCommand.Dump] = StartDump;
        _commands[MonitorCommand.ScrollUp] = () => Log.Scroll(-1);
        _commands[MonitorCommand.ScrollDown] = () => Log.Scroll(1);
        _commands[MonitorCommand.PageUp] = () => Log.Page(-1);
        _commands[MonitorCommand.PageDown] = () => Log.Page(1);
        _commands[MonitorCommand.Top] = Log.Top;
        _commands[MonitorCommand.Follow] = Log.Follow;
        _commands[MonitorCommand.Cancel] = Cancel;
        foreach (var b in _keys.Bindings)
        {
            if (!_commands.ContainsKey(b.Command)) throw new InvalidOperationException($"no handler for {b.Command}");
        }
    }

    /// <summary>Runs a command as if its key was pressed (tests, and the hint bar).</summary>
    public void Run(MonitorCommand command) => _commands[command]();

    protected override bool OnKeyDown(Key key)
    {
        if (Prompt.IsOpen)
        {
            // the prompt's text field takes letters; only quit passes through
            if (key == _keys.For(MonitorCommand.Quit).Keys[0]) { Quit(); return true; }
            return false;
        }
        if (_keys.TryGet(key, out var command))
        {
            if (Help.Visible && command is not (MonitorCommand.Help or MonitorCommand.Cancel or MonitorCommand.Quit))
                Help.Visible = false;
            _commands[command]();
            SetNeedsDraw();
            return true;
        }
        return base.OnKeyDown(key);
    }

    private void ToggleHelp()
    {
        Help.Visible = !Help.Visible;
        SetNeedsDraw();
    }

    private void Cancel()
    {
        if (Help.Visible) Help.Visible = false;
        else if (DumpBox.Visible)
        {
            if (DumpBox.Running) _dumpCts?.Cancel();
            else DumpBox.Visible = SpiBox.Visible = false;
        }
        SetNeedsDraw();
    }

    private void Quit()
    {
        QuitRequested = true;
        _dumpCts?.Cancel();
        _closing.Cancel();
        _session.Arrived = null;
        if (_timer != null) _app.RemoveTimeout(_timer);
        _app.RequestStop();
    }

    private void Ask(string question, string initial, Action<string> onAnswer)
    {
        Hints.Visible = false;
        Prompt.Ask(question, initial, answer =>
        {
            Hints.Visible = true;
            Log.SetFocus();
            onAnswer(answer);
        });
        Prompt.VisibleChanged += RestoreHints;
    }

    private void RestoreHints(object? sender, EventArgs e)
    {
        if (Prompt.Visible) return;
        Prompt.VisibleChanged -= RestoreHints;
        Hints.Visible = true;
        Log.SetFocus();
    }

    private void StartSearch(string pattern)
    {
        if (string.IsNullOrEmpty(pattern))
        {
            Log.ClearFilterAndSearch();
            return;
        }
        try
        {
            var search = ScrollbackSearch.Create(pattern);
            if (!Log.StartSearch(search)) _session.Say($"no line matches /{pattern}/");
            else _session.Say($"/{pattern}/: {Log.CountMatches()} matching lines (n next, N previous)");
        }
        catch (UsageException ex)
        {
            _session.Say(ex.Message + (ex.Advice != null ? " — " + ex.Advice : ""));
        }
    }

    private void Next(bool forward)
    {
        if (Log.Search == null)
        {
            _session.Say("no search yet: press / to search");
            return;
        }
        // n goes to the newer match, N to the older one
        if (!Log.FindNext(forward)) _session.Say($"no line matches /{Log.Search.Pattern}/");
    }

    private void SendLine(string text) => _ = _session.SendLineAsync(text, _closing.Token);

    private void ChangeBaud(string text)
    {
        if (int.TryParse(text.Trim(), out int baud) && baud is >= 300 and <= 12_000_000) _session.SetBaud(baud);
        else _session.Say($"not a baud rate: {text} (e.g. 115200, 921600, 2000000)");
    }

    private void StartDump()
    {
        if (DumpBox.Running) return;
        if (_options.Dump == null)
        {
            _session.Say("dump is not available here");
            return;
        }
        string device = _session.Options.DeviceName ?? _session.Port;
        var remembered = _options.PortMemory?.Get(device);
        if (remembered != null)
        {
            RunDump(device, remembered);
            return;
        }
        var suggestion = _options.SuggestedFlashPort ?? FlashPortMemory.SamePort;
        var spi = _options.Dump.Spi is { } s ? $", '{FlashPortMemory.Spi}' = {s.Programmer} SPI programmer" : "";
        Ask($"flash link for {device}: '{FlashPortMemory.SamePort}' = this log port ({_session.Port}){spi}, or another port (UART1 adapter):", suggestion, answer =>
        {
            var port = string.IsNullOrWhiteSpace(answer) ? FlashPortMemory.SamePort : answer.Trim();
            _options.PortMemory?.Set(device, port);
            RunDump(device, port);
        });
    }

    private void RunDump(string device, string port)
    {
        bool viaSpi = string.Equals(port, FlashPortMemory.Spi, StringComparison.OrdinalIgnoreCase);
        bool same = !viaSpi && (port == FlashPortMemory.SamePort || port == _session.Port);
        var flashPort = viaSpi ? $"{_options.Dump!.Spi?.Programmer ?? "ch341a"} SPI" : same ? _session.Port : port;
        var request = new DumpRequest(device, flashPort, same, _options.DumpsFolder, _session.Baud, viaSpi);
        _dumpCts = CancellationTokenSource.CreateLinkedTokenSource(_closing.Token);
        DumpBox.Start($"Flash dump — {device} via {flashPort}{(same ? " (log paused)" : "")}");
        SpiBox.Visible = viaSpi;
        var progress = new UiProgress<DumpProgress>(_app, p => DumpBox.Report(p));
        var cts = _dumpCts;
        _ = Task.Run(async () =>
        {
            try
            {
                var path = await _options.Dump!.RunAsync(request, progress, cts.Token).ConfigureAwait(false);
                Invoke(() =>
                {
                    DumpBox.Done(path);
                    _session.Marker($"── flash dump saved: {path} ──");
                    Log.Changed();
                });
            }
            catch (OperationCanceledException)
            {
                Invoke(() => DumpBox.Failed("cancelled — the log goes on"));
            }
            catch (BkException ex)
            {
                Invoke(() => DumpBox.Failed(ex.Message + (ex.Advice != null ? " — " + ex.Advice : "")));
            }
            catch (Exception ex) when (ex is IOException or TimeoutException or UnauthorizedAccessException or InvalidOperationException)
            {
                Invoke(() => DumpBox.Failed(ex.Message));
            }
        });
    }

    private void Invoke(Action action)
    {
        if (_closing.IsCancellationRequested) return;
        _app.Invoke(() =>
        {
            if (!_closing.IsCancellationRequested) action();
        });
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _session.Arrived = null;
            _app.LayoutAndDrawComplete -= OnDrawn;
            _closing.Cancel();
            _closing.Dispose();
        }
        base.Dispose(disposing);
    }
}
