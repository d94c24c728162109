using System.Buffers;
using BkConsole.Logs.Rules;

namespace BkConsole.Logs.Classify;

/// <summary>
/// The classifier's prefilter for one rule set: the literals searched anywhere in a line in one
/// <see cref="SearchValues{T}"/>, the literals that count only at the line start, the rules behind each literal (by
/// first character), and the rules that must always be tried. Immutable, shared.
/// </summary>
internal sealed class RuleIndex
{
    public RuleIndex(IReadOnlyList<CompiledRule> rules)
    {
        Rules = rules.ToArray();
        var anywhere = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var atStart = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var always = new List<int>();
        for (int i = 0; i < Rules.Length; i++)
        {
            var rule = Rules[i];
            if (rule.AnywhereTriggers.Count == 0 && rule.StartTriggers.Count == 0) { always.Add(i); continue; }
            foreach (var t in rule.AnywhereTriggers) Add(anywhere, t, i);
            foreach (var t in rule.StartTriggers) Add(atStart, t, i);
        }
        AlwaysTried = always.ToArray();
        ByFirstChar = GroupByFirstChar(anywhere);
        StartByFirstChar = GroupByFirstChar(atStart);
        if (anywhere.Count > 0)
            Triggers = SearchValues.Create(anywhere.Keys.ToArray(), StringComparison.OrdinalIgnoreCase);
    }

    public CompiledRule[] Rules { get; }

    public int[] AlwaysTried { get; }

    /// <summary>Literals searched anywhere, by their (lower-case) first character.</summary>
    public Dictionary<char, (string Literal, int[] Rules)[]> ByFirstChar { get; }

    /// <summary>Literals that count only where matching starts, by their (lower-case) first character.</summary>
    public Dictionary<char, (string Literal, int[] Rules)[]> StartByFirstChar { get; }

    public SearchValues<string>? Triggers { get; }

    private static void Add(Dictionary<string, List<int>> map, string literal, int rule)
    {
        if (!map.TryGetValue(literal, out var list)) map[literal] = list = new List<int>();
        list.Add(rule);
    }

    private static Dictionary<char, (string Literal, int[] Rules)[]> GroupByFirstChar(Dictionary<string, List<int>> map) =>
        map.GroupBy(kv => kv.Key[0])
            .ToDictionary(g => g.Key, g => g.Select(kv => (kv.Key, kv.Value.ToArray())).ToArray());
}
