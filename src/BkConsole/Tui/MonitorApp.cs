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
        using var window = new MonitorWindow(app, session, KeyMap.Default, options with { PaceMainLoop = true });
        window.StartTicking();
        app.Run(window);
        return 0;
    }

}
