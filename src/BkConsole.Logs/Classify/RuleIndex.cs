using BkConsole.Logs.Rules;

namespace BkConsole.Logs.Classify;

/// <summary>
/// The classifier's prefilter for one rule set, built from each shape's <see cref="ShapeFilter"/>: one
/// <see cref="LiteralScanner"/> over every required literal, the rules each literal can wake (those whose shape has it
/// in its key group), the rules woken by the first word of a line, the rules tried on every line, and per shape what
/// to check once a rule is woken. Immutable, shared by all classifiers of the rule set.
/// </summary>
internal sealed class RuleIndex
{
    public RuleIndex(IReadOnlyList<CompiledRule> rules)
    {
        Rules = rules.ToArray();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var literals = new List<string>();
        var wakes = new List<List<int>>();
        var atStart = new Dictionary<char, List<int>>();
        var always = new List<int>();
        var kinds = new Dictionary<string, int>(StringComparer.Ordinal);
        Shapes = new ShapeCheck[Rules.Length][];
        KindIds = new int[Rules.Length];
        for (int r = 0; r < Rules.Length; r++)
        {
            var rule = Rules[r];
            if (!kinds.TryGetValue(rule.Kind, out int kind)) kinds[rule.Kind] = kind = kinds.Count;
            KindIds[r] = kind;
            var checks = new ShapeCheck[rule.Filters.Count];
            bool woken = false;
            for (int i = 0; i < checks.Length; i++)
            {
                var f = rule.Filters[i];
                // groups with a one-character literal would fire on most lines: checked on the woken rule's line instead
                var scanned = f.Groups.Where(g => g.Min(x => x.Length) >= 2).ToArray();
                var slow = f.Groups.Where(g => g.Min(x => x.Length) < 2).ToArray();
                checks[i] = new ShapeCheck(f.Start, scanned.Select(g => g.Select(Id).ToArray()).ToArray(), slow);
                if (scanned.Length > 0)
                {
                    foreach (var lit in ShapeFilter.MostSelective(scanned)) Add(wakes[Id(lit)], r);
                }
                else if (f.Start != null && f.Start.All(w => w.Length > 0))
                {
                    foreach (var w in f.Start)
                    {
                        char c = char.ToLowerInvariant(w[0]);
                        if (!atStart.TryGetValue(c, out var list)) atStart[c] = list = new List<int>();
                        Add(list, r);
                    }
                }
                else
                {
                    if (!woken) always.Add(r);
                    woken = true;
                }
            }
            Shapes[r] = checks;
        }
        AlwaysTried = always.ToArray();
        StartByFirstChar = atStart.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
        Wakes = wakes.Select(w => w.ToArray()).ToArray();
        LiteralCount = literals.Count;
        RuleWords = (Rules.Length + 63) / 64;
        Scanner = new LiteralScanner(literals);
        KindCount = kinds.Count;

        int Id(string lit)
        {
            if (ids.TryGetValue(lit, out int id)) return id;
            ids[lit] = id = literals.Count;
            literals.Add(lit);
            wakes.Add(new List<int>());
            return id;
        }
    }

    /// <summary>
    /// A shape's prefilter in index form: start words (or null), groups of scanned literal ids, and groups holding a
    /// one-character literal (searched in the line directly).
    /// </summary>
    public sealed record ShapeCheck(string[]? Start, int[][] Groups, string[][] SlowGroups);

    public CompiledRule[] Rules { get; }

    /// <summary>Per rule, per shape.</summary>
    public ShapeCheck[][] Shapes { get; }

    /// <summary>Per rule: a small number standing for its kind (each kind fires once per line).</summary>
    public int[] KindIds { get; }

    public int KindCount { get; }

    public int[] AlwaysTried { get; }

    /// <summary>Rules with a shape that needs only a start word, by the word's (lower-case) first character.</summary>
    public Dictionary<char, int[]> StartByFirstChar { get; }

    /// <summary>Per literal id: the rules a hit of it makes worth checking.</summary>
    public int[][] Wakes { get; }

    public int LiteralCount { get; }

    /// <summary>Length of a bit set with one bit per rule.</summary>
    public int RuleWords { get; }

    public LiteralScanner Scanner { get; }

    private static void Add(List<int> list, int rule)
    {
        if (list.Count == 0 || list[^1] != rule) list.Add(rule);
    }
}
