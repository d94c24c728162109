using BkConsole.Core.Events;
using BkConsole.Logs.Boots;
using BkConsole.Logs.Pipeline;

namespace BkConsole.Cli;

/// <summary>Turns a log file into boots, events and lines through the log pipeline (BkConsole.Logs).</summary>
internal static class LogFileParser
{
    public static CaptureData Parse(string path, LogPipelineOptions? options = null)
    {
        var lines = new LineCollector();
        var result = LogPipeline.ParseFile(path, options, lines);
        return new CaptureData(path, result.Boots, result.Events, lines.Lines);
    }

    private sealed class LineCollector : ILogSink
    {
        public List<LogLine> Lines { get; } = [];

        public void OnLine(LogLine line, int boot) => Lines.Add(line);

        public void OnEvent(LogEvent ev) { }

        public void OnBoot(BootRecord boot, BootChange change) { }
    }
}
