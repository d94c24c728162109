using BkConsole.Logs.Lines;
using BkConsole.Logs.Rules;

namespace BkConsole.Logs.Pipeline;

/// <summary>How a <see cref="LogPipeline"/> is set up.</summary>
public sealed record LogPipelineOptions
{
    /// <summary>The rules; null = built-in plus the user's config folder (<see cref="RuleSet.Load"/>).</summary>
    public RuleSet? Rules { get; init; }

    public LineAssemblerOptions Lines { get; init; } = LineAssemblerOptions.Default;

    /// <summary>Group unparsed lines by shape (<see cref="LogPipeline.Unparsed"/>); off by default (costs memory).</summary>
    public bool TrackUnparsed { get; init; }

    public static LogPipelineOptions Default { get; } = new();
}
