using BkConsole.Core.Errors;

namespace BkConsole.Cli;

/// <summary>Turns a log file into boots, events and lines through the log pipeline (BkConsole.Logs).</summary>
internal static class LogFileParser
{
    public static CaptureData Parse(string path) =>
        throw new BkException($"cannot parse {path}: the log pipeline is not part of this build yet",
            "import the log into the store first ('bkconsole parse FILE'), then run 'bkconsole diagnose --capture ID'");
}
