using BkConsole.Core.Events;
using BkConsole.Logs.Boots;
using BkConsole.Logs.Pipeline;
using BkConsole.Tui.Session;

namespace BkConsole.Tui.Host;

/// <summary>The monitor's pipeline: the log library's <see cref="LogPipeline"/> (lines → grammar events → boots).</summary>
public sealed class LogsPipeline : IMonitorPipeline, ILogSink
{
    private readonly LogPipeline _pipeline;
    private PipelineOutput? _output;

    public LogsPipeline(LogPipelineOptions? options = null)
    {
        _pipeline = new LogPipeline(this, options);
    }

    public void Push(ReadOnlySpan<byte> data, DateTimeOffset arrival, PipelineOutput output)
    {
        _output = output;
        _pipeline.Push(data, arrival);
        _output = null;
    }

    public void FlushIfIdle(DateTimeOffset now, PipelineOutput output)
    {
        _output = output;
        _pipeline.FlushIfIdle(now);
        _output = null;
    }

    /// <summary>
    /// The link went away or the session ends. The partial line is emitted by the next idle flush (the pipeline
    /// stays open: a reconnected device goes on in the same capture).
    /// </summary>
    public void Flush(PipelineOutput output) => FlushIfIdle(DateTimeOffset.MaxValue, output);

    void ILogSink.OnLine(LogLine line, int boot) => _output?.Lines.Add(line);

    void ILogSink.OnEvent(LogEvent ev) => _output?.Events.Add(ev);

    void ILogSink.OnBoot(BootRecord boot, BootChange change) => _output?.Boots.Add(boot);
}
