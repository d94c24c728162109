using BkConsole.Logs.Lines;
using BkConsole.Tui.Session;

namespace BkConsole.Tui.Host;

/// <summary>
/// The monitor's pipeline over the log library's <see cref="LineAssembler"/>: bytes → lines. Classification into
/// events and boots plugs in here once the log pipeline facade is available.
/// </summary>
public sealed class AssemblerPipeline : IMonitorPipeline
{
    private readonly LineAssembler _lines = new();

    public void Push(ReadOnlySpan<byte> data, DateTimeOffset arrival, PipelineOutput output) =>
        _lines.Push(data, arrival, output.Lines);

    public void FlushIfIdle(DateTimeOffset now, PipelineOutput output) => _lines.FlushIfIdle(now, output.Lines);

    public void Flush(PipelineOutput output) => _lines.Flush(output.Lines);
}
