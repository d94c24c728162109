using BkConsole.Tui.Keys;
using BkConsole.Tui.Session;
using Terminal.Gui.App;

namespace BkConsole.Tui;

/// <summary>Runs the live terminal full screen until the user quits (Ctrl+Q). Returns the process exit code.</summary>
public static class MonitorApp
{
    public static int Run(MonitorSession session, MonitorWindowOptions options)
    {
        using IApplication app = Application.Create();
        app.Init();
        Configure();
        using var window = new MonitorWindow(app, session, KeyMap.Default, options);
        window.StartTicking();
        app.Run(window);
        return 0;
    }

    /// <summary>
    /// Lets the main loop iterate often enough that a wake-up from the reader is seen within ~10 ms (Terminal.Gui
    /// sleeps between iterations; its default rate alone would add up to 40 ms to every line's way to the screen).
    /// </summary>
    public static void Configure() => Application.MaximumIterationsPerSecond = MonitorLimits.UiIterationsPerSecond;
}
