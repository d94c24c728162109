using BkConsole.Devices.Spi;

namespace BkConsole.Tui.Spi;

/// <summary>
/// What the SPI pane shows, as plain lines (testable without a terminal): programmer, chip and protection,
/// the Beken entry attempt counter with elapsed time, and the current stage with a progress bar.
/// </summary>
public sealed class SpiPaneModel
{
    private readonly object _gate = new();
    private SpiProgress? _last;
    private BekenEntryProgress? _entry;
    private SpiFlashInfo? _info;
    private string? _message;

    public SpiPaneModel(string programmer) => Programmer = programmer;

    public string Programmer { get; }

    public void Update(SpiProgress p)
    {
        lock (_gate)
        {
            _last = p;
            if (p.Entry is { } e) _entry = e;
        }
    }

    public void Connected(SpiFlashInfo info)
    {
        lock (_gate) _info = info;
    }

    public void Message(string text)
    {
        lock (_gate) _message = text;
    }

    public static string StageText(SpiStage stage) => stage switch
    {
        SpiStage.Entering => "entering SPI mode",
        SpiStage.Reading => "reading",
        SpiStage.Verifying => "verifying (second pass)",
        SpiStage.Erasing => "erasing",
        SpiStage.Programming => "programming",
        SpiStage.Unprotecting => "clearing protection",
        _ => stage.ToString(),
    };

    public IReadOnlyList<string> Lines(int width)
    {
        lock (_gate)
        {
            var lines = new List<string> { $"programmer: {Programmer}" };
            lines.Add(_info is { } i ? i.Describe() : "chip: not connected yet");
            if (_entry is { } e)
                lines.Add($"SPI-mode entry: attempt {e.Attempt}/{e.MaxAttempts}, {e.Elapsed.TotalSeconds:0.0} s" +
                          (e.SawD2Echo ? ", D2 echo seen" : ", no D2 echo yet"));
            if (_last is { Entry: null } p)
            {
                int bar = Math.Max(10, width - 30);
                int fill = (int)Math.Round(p.Fraction * bar);
                lines.Add($"{StageText(p.Stage)}: {p.Done / 1024}/{p.Total / 1024} KiB, {p.Elapsed.TotalSeconds:0.0} s");
                lines.Add("[" + new string('#', fill) + new string('.', bar - fill) + $"] {p.Fraction:P0}");
            }
            if (_message is { } m) lines.Add(m);
            return lines;
        }
    }
}
