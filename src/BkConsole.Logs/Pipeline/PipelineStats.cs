namespace BkConsole.Logs.Pipeline;

/// <summary>Running counts of a pipeline (cheap to read at any time).</summary>
public sealed class PipelineStats
{
    private readonly Dictionary<string, int> _byKind = new(StringComparer.Ordinal);

    public long Bytes { get; internal set; }

    public long Lines { get; internal set; }

    public long Events { get; internal set; }

    /// <summary>Non-blank lines that no rule took.</summary>
    public long Unparsed { get; internal set; }

    public int Boots { get; internal set; }

    public IReadOnlyDictionary<string, int> EventsByKind => _byKind;

    internal void CountEvent(string kind)
    {
        Events++;
        _byKind[kind] = _byKind.TryGetValue(kind, out var n) ? n + 1 : 1;
    }
}
