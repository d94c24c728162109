using System.Globalization;
using BkConsole.Tui.Dump;

namespace BkConsole.Tui.Panes;

/// <summary>The one-key dump's progress: stage, a bar, bytes, rate and ETA; then the saved file or the error.</summary>
public sealed class DumpDialog : Pane
{
    private DumpProgress _progress = new("starting");
    private string? _result;
    private string? _error;

    public DumpDialog() : base("Flash dump")
    {
        Visible = false;
    }

    public bool Running { get; private set; }

    public void Start(string title)
    {
        Title = title;
        _progress = new DumpProgress("starting");
        _result = null;
        _error = null;
        Running = true;
        Visible = true;
        SetNeedsDraw();
    }

    public void Report(DumpProgress progress)
    {
        _progress = progress;
        SetNeedsDraw();
    }

    public void Done(string path)
    {
        Running = false;
        _result = path;
        SetNeedsDraw();
    }

    public void Failed(string message)
    {
        Running = false;
        _error = message;
        SetNeedsDraw();
    }

    public string? Result => _result;

    public string? Error => _error;

    protected override void DrawRows()
    {
        Put(1, 0, _progress.Stage, Theme.Heading);
        int barWidth = Math.Max(10, Cols - 10);
        int filled = (int)Math.Round(_progress.Fraction * barWidth);
        int x = Put(1, 2, new string(' ', filled), Theme.ProgressDone);
        x = Put(x, 2, new string('░', barWidth - filled), Theme.Dim);
        Put(x + 1, 2, (_progress.Fraction * 100).ToString("0", CultureInfo.InvariantCulture) + "%", Theme.Normal);
        if (_progress.Total > 0)
        {
            var line = $"{_progress.Done / 1024:N0} / {_progress.Total / 1024:N0} KiB   {_progress.BytesPerSecond / 1024:0.0} KiB/s";
            if (_progress.Eta is { } eta) line += $"   ETA {eta:m\\:ss}";
            Put(1, 3, line, Theme.Normal);
        }
        if (_result != null)
        {
            Put(1, 5, "saved " + _result, Theme.Sent);
            Put(1, 6, "manifest " + Path.GetFileName(_result) + ".json beside it; recorded in the store", Theme.Dim);
            Put(1, 7, "Esc closes — the log goes on", Theme.Dim);
        }
        else if (_error != null)
        {
            Put(1, 5, _error, Theme.For(Core.Events.Severity.Error));
            Put(1, 7, "Esc closes", Theme.Dim);
        }
        else
        {
            Put(1, 7, "Esc cancels (the chip stays usable)", Theme.Dim);
        }
    }
}
