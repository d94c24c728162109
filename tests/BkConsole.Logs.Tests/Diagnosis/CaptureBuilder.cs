using BkConsole.Core.Events;
using BkConsole.Logs.Diagnosis;

namespace BkConsole.Logs.Tests.Diagnosis;

/// <summary>
/// Builds a capture line by line the way the pipeline would deliver it: texts, the events some lines became, and
/// boots opened at banners. Used to mirror the real logs in engine tests without depending on the grammars.
/// </summary>
internal sealed class CaptureBuilder
{
    private readonly List<string> _lines = [];
    private readonly List<LogEvent> _events = [];
    private readonly List<(int FirstLine, bool MidLine, string? Bootloader, DateTimeOffset? Start)> _boots = [];
    private DateTimeOffset? _time;

    public CaptureBuilder At(DateTimeOffset time) { _time = time; return this; }

    public CaptureBuilder Line(string text)
    {
        _lines.Add(text);
        if (_boots.Count == 0) _boots.Add((1, false, null, _time));
        return this;
    }

    public CaptureBuilder Lines(params string[] texts)
    {
        foreach (var t in texts) Line(t);
        return this;
    }

    public CaptureBuilder Event(string text, string kind, params EventField[] fields) =>
        Event(text, kind, SeverityOf(kind), fields);

    public CaptureBuilder Event(string text, string kind, Severity severity, params EventField[] fields)
    {
        Line(text);
        _events.Add(new LogEvent(kind, severity, _events.Count, _lines.Count, text, fields) { Boot = _boots.Count });
        return this;
    }

    /// <summary>Starts a new boot at the next line (a bootloader banner), optionally cut into the previous line.</summary>
    public CaptureBuilder Boot(string banner, string kind = "boot.bootloader", bool midLine = false, params EventField[] fields)
    {
        if (_lines.Count == 0) _boots.Clear();
        _boots.Add((_lines.Count + 1, midLine, kind == "boot.bootloader" ? banner : null, _time));
        if (kind == "boot.bootloader" && fields.Length == 0) fields = [EventField.Of("version", banner.Trim())];
        Event(banner, kind, fields);
        if (midLine) _events.Add(new LogEvent("boot.reset_mid_line", Severity.Warning, _events.Count, _lines.Count, banner, []) { Boot = _boots.Count });
        return this;
    }

    public CaptureBuilder Jump(ulong address = 0x10000, string? text = null) =>
        Event(text ?? $"go os_addr(0x{address:x})..........", "boot.jump", EventField.Address("address", address));

    public IReadOnlyList<string> Texts => _lines;

    public (IReadOnlyList<BootRecord> Boots, IReadOnlyList<LogEvent> Events) Parts()
    {
        var boots = new List<BootRecord>();
        for (int i = 0; i < _boots.Count; i++)
        {
            var b = _boots[i];
            int last = i + 1 < _boots.Count ? _boots[i + 1].FirstLine - 1 : _lines.Count;
            var evs = _events.Count(e => e.Boot == i + 1);
            boots.Add(new BootRecord(i + 1, b.FirstLine, last, b.Bootloader, null, null, null, evs)
            {
                ResetMidLine = b.MidLine,
                Start = b.Start,
                End = i + 1 < _boots.Count ? _boots[i + 1].Start : _time,
            });
        }
        return (boots, _events);
    }

    public DiagnosisInput Input(bool withLines = true)
    {
        var (boots, events) = Parts();
        return DiagnosisInput.From(boots, events, withLines ? _lines : null);
    }

    private static Severity SeverityOf(string kind) => kind switch
    {
        "fal.partition_table_missing" or "ota.download_partition_missing" or "crash.exception" or "ota.init_failed" => Severity.Error,
        "ota.app_verify_failed" or "sd.cmd_timeout" or "sd.absent" or "reset.watchdog" or "wifi.auth_failed" => Severity.Warning,
        _ => Severity.Info,
    };
}
