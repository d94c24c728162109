using System.Buffers;
using BkConsole.Logs.Rules;

namespace BkConsole.Logs.Classify;

/// <summary>
/// The classifier's prefilter for one rule set: every rule's required literals in one <see cref="SearchValues{T}"/>,
/// the rules behind each literal (by first character), and the rules that must always be tried. Immutable, shared.
/// </summary>
internal sealed class RuleIndex
{
    public RuleIndex(IReadOnlyList<CompiledRule> rules)
    {
        Rules = rules.ToArray();
        var byLiteral = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var always = new List<int>();
        for (int i = 0; i < Rules.Length; i++)
        {
            if (Rules[i].Triggers.Count == 0) { always.Add(i); continue; }
            foreach (var t in Rules[i].Triggers)
            {
                if (!byLiteral.TryGetValue(t, out var list)) byLiteral[t] = list = new List<int>();
                list.Add(i);
            }
        }
        AlwaysTried = always.ToArray();
        ByFirstChar = byLiteral
            .GroupBy(kv => kv.Key[0])
            .ToDictionary(g => g.Key, g => g.Select(kv => (kv.Key, kv.Value.ToArray())).ToArray());
        if (byLiteral.Count > 0)
            Triggers = SearchValues.Create(byLiteral.Keys.ToArray(), StringComparison.OrdinalIgnoreCase);
    }

    public CompiledRule[] Rules { get; }

    public int[] AlwaysTried { get; }

    public Dictionary<char, (string Literal, int[] Rules)[]> ByFirstChar { get; }

    public SearchValues<string>? Triggers { get; }
}
