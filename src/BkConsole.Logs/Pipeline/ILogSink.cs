using BkConsole.Core.Events;
using BkConsole.Logs.Boots;

namespace BkConsole.Logs.Pipeline;

/// <summary>
/// Receives what a <see cref="LogPipeline"/> produces, in stream order: each line (with its boot index), then the
/// events of that line (with <see cref="LogEvent.Boot"/> set); boot records when a boot opens, when one of its facts
/// changes (bootloader, firmware, jump, reset reason) and when it closes. Called on the thread that feeds the pipeline.
/// </summary>
public interface ILogSink
{
    void OnLine(LogLine line, int boot);

    void OnEvent(LogEvent ev);

    void OnBoot(BootRecord boot, BootChange change);
}
