using BkConsole.Core.Events;

namespace BkConsole.Logs.Diagnosis;

/// <summary>One boot and its events (in line order), as the pipeline or the store hands them over.</summary>
public sealed record BootData(BootRecord Record, IReadOnlyList<LogEvent> Events);
