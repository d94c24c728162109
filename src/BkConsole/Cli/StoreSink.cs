using BkConsole.Core.Events;
using BkConsole.Logs.Boots;
using BkConsole.Logs.Pipeline;
using BkConsole.Storage;

namespace BkConsole.Cli;

/// <summary>
/// Connects a <see cref="LogPipeline"/> to a <see cref="CaptureWriter"/>: every line, event and boot update goes
/// into the capture. Cheap on the feeding thread (the writer commits on its own thread). Used by <c>import</c>
/// and by the live monitor (<c>new LogPipeline(new StoreSink(store.BeginCapture(CaptureStart.ForPort(...))))</c>).
/// </summary>
public sealed class StoreSink(CaptureWriter writer, ILogSink? next = null) : ILogSink
{
    public CaptureWriter Writer { get; } = writer;

    public void OnLine(LogLine line, int boot)
    {
        Writer.Add(line);
        next?.OnLine(line, boot);
    }

    public void OnEvent(LogEvent ev)
    {
        Writer.Add(ev);
        next?.OnEvent(ev);
    }

    public void OnBoot(BootRecord boot, BootChange change)
    {
        Writer.Add(boot);
        next?.OnBoot(boot, change);
    }
}
