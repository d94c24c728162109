using BkConsole.Core.Events;

namespace BkConsole.Logs.Pipeline;

/// <summary>Everything <see cref="LogPipeline.ParseFile"/> found in one file.</summary>
public sealed record LogParseResult(
    string File,
    IReadOnlyList<LogEvent> Events,
    IReadOnlyList<BootRecord> Boots,
    PipelineStats Stats,
    UnparsedCounter? Unparsed);
