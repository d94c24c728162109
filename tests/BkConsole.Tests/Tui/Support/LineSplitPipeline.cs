using System.Text;
using BkConsole.Core.Events;
using BkConsole.Tui.Session;

namespace BkConsole.Tests.Tui.Support;

/// <summary>
/// A tiny stand-in for the log pipeline at the session's seam: splits on LF and turns a few known lines into
/// events and boots, so the session and panes can be tested without the grammar engine.
/// </summary>
internal sealed class LineSplitPipeline : IMonitorPipeline
{
    private readonly List<byte> _partial = [];
    private long _seq;
    private int _lineNo;
    private int _boot;
    private BootRecord? _current;

    public void Push(ReadOnlySpan<byte> data, DateTimeOffset arrival, PipelineOutput output)
    {
        foreach (var b in data)
        {
            _partial.Add(b);
            if (b == (byte)'\n') Emit(arrival, output, LineEnding.Lf);
        }
    }

    public void FlushIfIdle(DateTimeOffset now, PipelineOutput output) { }

    public void Flush(PipelineOutput output)
    {
        if (_partial.Count > 0) Emit(DateTimeOffset.UtcNow, output, LineEnding.None);
    }

    private void Emit(DateTimeOffset time, PipelineOutput output, LineEnding ending)
    {
        var raw = _partial.ToArray();
        _partial.Clear();
        var text = Encoding.UTF8.GetString(raw).TrimEnd('\r', '\n');
        var line = new LogLine(++_seq, ++_lineNo, time, text, raw, ending);
        output.Lines.Add(line);
        if (text.StartsWith("V:BK", StringComparison.Ordinal))
        {
            _boot++;
            _current = new BootRecord(_boot, _lineNo, _lineNo, text[2..], null, null, null, 0) { Start = time };
            output.Boots.Add(_current);
            Event("boot.bootloader", Severity.Info, line, output, EventField.Of("version", text[2..]));
        }
        else if (text.StartsWith("J 0x", StringComparison.Ordinal))
        {
            var address = Convert.ToUInt64(text[4..], 16);
            Event("boot.jump", Severity.Info, line, output, EventField.Address("address", address));
            if (_current != null)
            {
                _current = _current with { Jump = address, LastLine = _lineNo };
                output.Boots.Add(_current);
            }
        }
        else if (text.Contains("FAL partition table not found", StringComparison.Ordinal))
        {
            Event("fal.partition_table_missing", Severity.Error, line, output);
        }
        else if (text.Contains("RT-Thread", StringComparison.Ordinal))
        {
            Event("rtthread.banner", Severity.Notice, line, output, EventField.Of("version", "3.1.0"));
            if (_current != null)
            {
                _current = _current with { Firmware = "rt-thread", LastLine = _lineNo };
                output.Boots.Add(_current);
            }
        }
        else if (text.Contains("warn", StringComparison.OrdinalIgnoreCase))
        {
            Event("test.warning", Severity.Warning, line, output);
        }
    }

    private void Event(string kind, Severity severity, LogLine line, PipelineOutput output, params EventField[] fields) =>
        output.Events.Add(new LogEvent(kind, severity, line.Seq, line.LineNo, line.Text, fields) { Boot = _boot });
}
