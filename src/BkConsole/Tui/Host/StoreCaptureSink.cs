using BkConsole.Core.Events;
using BkConsole.Storage;
using BkConsole.Tui.Session;

namespace BkConsole.Tui.Host;

/// <summary>Ingests the live capture into the store through its batched <see cref="CaptureWriter"/> (its own thread).</summary>
public sealed class StoreCaptureSink : ICaptureSink
{
    private readonly CaptureWriter _writer;
    private long _bytes;
    private int _lastLine;

    public StoreCaptureSink(CaptureWriter writer) => _writer = writer;

    public int CaptureId => _writer.CaptureId;

    public void Raw(ReadOnlySpan<byte> data, DateTimeOffset time) => _bytes += data.Length;

    public void Lines(IReadOnlyList<LogLine> lines, IReadOnlyList<LogEvent> events)
    {
        if (lines.Count > 0)
        {
            _writer.AddRange(lines);
            _lastLine = lines[^1].LineNo;
        }
        foreach (var e in events) _writer.Add(e);
    }

    public void Boot(BootRecord boot) => _writer.Add(boot);

    public void Gap(DateTimeOffset from, DateTimeOffset to, string? reason) =>
        _writer.Add(new CaptureGap(from, _bytes, _lastLine) { Resumed = to, Reason = reason });

    public void Flush() { }

    public void Dispose()
    {
        _writer.Complete(StoreCloseDeadline);
        _writer.Dispose();
    }

    private static readonly TimeSpan StoreCloseDeadline = TimeSpan.FromSeconds(10);
}
