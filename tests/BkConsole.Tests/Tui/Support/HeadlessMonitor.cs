using BkConsole.Tui;
using BkConsole.Tui.Keys;
using BkConsole.Tui.Session;
using Terminal.Gui.App;
using Terminal.Gui.Input;
using Terminal.Gui.Testing;
using Terminal.Gui.Time;

namespace BkConsole.Tests.Tui.Support;

/// <summary>
/// The monitor window in a headless Terminal.Gui application (ANSI driver writing to a buffer, virtual time),
/// over an in-memory port and the test pipeline. Keys are injected as a user would press them.
/// </summary>
internal sealed class HeadlessMonitor : IAsyncDisposable
{
    private readonly SessionToken? _token;

    private HeadlessMonitor(MemoryPort port, MonitorSession session, IApplication app, VirtualTimeProvider clock, MonitorWindow window, SessionToken? token)
    {
        Port = port;
        Session = session;
        App = app;
        Clock = clock;
        Window = window;
        _token = token;
    }

    public MemoryPort Port { get; }

    public MonitorSession Session { get; }

    public IApplication App { get; }

    /// <summary>The app's timer clock: timeouts fire only when a test advances it.</summary>
    public VirtualTimeProvider Clock { get; }

    public MonitorWindow Window { get; }

    public static async Task<HeadlessMonitor> StartAsync(
        MonitorWindowOptions? options = null, int width = 160, int height = 48, IFindingSource? findings = null, string port = "/dev/pts/7",
        Func<MonitorSession, MonitorWindowOptions>? optionsFor = null, IMonitorPipeline? pipeline = null)
    {
        var memoryPort = new MemoryPort(port);
        var session = new MonitorSession(
            new MonitorOptions { Port = port, Baud = 115200, DeviceName = "test-doorbell", Echo = true },
            memoryPort.Opener, pipeline ?? new LineSplitPipeline(), findings: findings);
        await session.StartAsync(CancellationToken.None);
        var clock = new VirtualTimeProvider();
        var app = Application.Create(clock);
        app.Init("ansi");
        app.Driver!.SetScreenSize(width, height);
        var window = new MonitorWindow(app, session, KeyMap.Default, optionsFor?.Invoke(session) ?? options ?? new MonitorWindowOptions { DbPath = "/tmp/test.db" });
        var token = app.Begin(window);
        app.LayoutAndDraw(true);
        return new HeadlessMonitor(memoryPort, session, app, clock, window, token);
    }

    /// <summary>Feeds text from the "device" and drains until every byte reached the session.</summary>
    public async Task ReceiveAsync(string text)
    {
        long before = Session.BytesProcessed;
        int n = System.Text.Encoding.UTF8.GetByteCount(text);
        Port.Current.Feed(text);
        await Eventually.True(() => Session.BytesProcessed >= before + n, "bytes drained", () => Window.Tick());
        Window.Tick();
    }

    public void Press(Key key)
    {
        App.InjectKey(key);
        Window.Tick();
    }

    public void Type(string text)
    {
        foreach (var c in text) App.InjectKey(new Key(c));
    }

    public string Screen()
    {
        App.TimedEvents?.RunTimers();
        Window.Tick();
        App.LayoutAndDraw(true);
        return App.Driver!.ToString() ?? "";
    }

    /// <summary>One row of the screen (0-based).</summary>
    public string Row(int y) => Screen().Split('\n')[y].TrimEnd('\r');

    public async ValueTask DisposeAsync()
    {
        if (_token != null) App.End(_token);
        Window.Dispose();
        App.Dispose();
        await Session.DisposeAsync();
    }
}
