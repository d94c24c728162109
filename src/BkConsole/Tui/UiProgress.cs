using Terminal.Gui.App;

namespace BkConsole.Tui;

/// <summary>An <see cref="IProgress{T}"/> that reports on the UI thread through <see cref="IApplication.Invoke(Action)"/>.</summary>
public sealed class UiProgress<T> : IProgress<T>
{
    private readonly IApplication _app;
    private readonly Action<T> _report;

    public UiProgress(IApplication app, Action<T> report)
    {
        _app = app;
        _report = report;
    }

    public void Report(T value)
    {
        try { _app.Invoke(() => _report(value)); }
        catch (ObjectDisposedException) { }
        catch (InvalidOperationException) { }
    }
}
