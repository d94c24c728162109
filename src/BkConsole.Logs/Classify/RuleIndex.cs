using System.Buffers;
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
                // one-character literals would fire on most lines: they are searched in a woken rule's line instead
                var groups = f.Groups.Select(g => g.Select(alt => new Alternative(
                    alt.Where(IsScanned).Select(Id).ToArray(),
                    alt.Where(l => !IsScanned(l)).ToArray())).ToArray()).ToArray();
                // groups met by scanned literals alone first: checking them is a lookup, searching the line is not
                groups = groups.OrderBy(g => g.Any(a => a.Searched.Length > 0) ? 1 : 0).ToArray();
                checks[i] = new ShapeCheck(f.Start, groups);
                var key = f.Groups.Where(g => ShapeFilter.Selectivity(g, IsScanned) > 0)
                    .MaxBy(g => ShapeFilter.Selectivity(g, IsScanned));
                if (key != null)
                {
                    foreach (var lit in ShapeFilter.WakeWords(key, IsScanned)!) Add(wakes[Id(lit)], r);
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
        StartByFirstChar = new int[128][];
        foreach (var (c, list) in atStart)
        {
            if (c < 128) StartByFirstChar[c] = list.ToArray();
            else StartByNonAscii[c] = list.ToArray();
        }
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
    /// Whether the scanner looks for a literal (see <see cref="LiteralScanner"/>). Most one-character literals and
    /// two-letter words (<c>:</c>, <c>on</c>, <c>id</c>) occur in most lines: they are searched only in the line of a
    /// woken rule. Two characters with punctuation (<c>][</c>, <c>v:</c>, <c>-></c>) and a few single characters rare
    /// in logs (<c>|</c> of a FAL table row, <see cref="LiteralScanner.RareSingles"/>) are rare enough to scan for.
    /// </summary>
    public static bool IsScanned(string literal) =>
        literal.Length >= 3
        || (literal.Length == 2 && !(char.IsAsciiLetter(literal[0]) && char.IsAsciiLetter(literal[1])))
        || (literal.Length == 1 && LiteralScanner.RareSingles.Contains(literal[0]));

    /// <summary>A shape's prefilter in index form: start words (or null), and per group its alternatives.</summary>
    public sealed record ShapeCheck(string[]? Start, Alternative[][] Groups);

    /// <summary>Literals that must all occur: scanned ones by id, shorter ones searched in the line.</summary>
    public sealed record Alternative(int[] Scanned, string[] Searched)
    {
        /// <summary>Per searched literal, a case-insensitive searcher (vectorized, allocation-free).</summary>
        public SearchValues<string>[] Searchers { get; } =
            Searched.Select(l => SearchValues.Create([l], StringComparison.OrdinalIgnoreCase)).ToArray();
    }

    public CompiledRule[] Rules { get; }

    /// <summary>Per rule, per shape.</summary>
    public ShapeCheck[][] Shapes { get; }

    /// <summary>Per rule: a small number standing for its kind (each kind fires once per line).</summary>
    public int[] KindIds { get; }

    public int KindCount { get; }

    public int[] AlwaysTried { get; }

    /// <summary>Rules with a shape that needs only a start word, by the word's (lower-case) first character.</summary>
    public int[]?[] StartByFirstChar { get; }

    /// <summary>As <see cref="StartByFirstChar"/>, for start words beginning with a non-ASCII character.</summary>
    public Dictionary<char, int[]> StartByNonAscii { get; } = new();

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
