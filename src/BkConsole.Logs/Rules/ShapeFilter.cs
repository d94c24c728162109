namespace BkConsole.Logs.Rules;

/// <summary>
/// The prefilter of one shape: what a line must contain for the shape's regex to be worth running. A line passes
/// when it begins (after host prefix and spaces) with one of <see cref="Start"/> (if any) and meets every one of
/// <see cref="Groups"/>: a group is a list of alternatives (the options of a choice; a plain word is a group with one
/// alternative) and is met when all literals of one alternative occur in the line, ignoring ASCII case. A shape with
/// neither is tried on every line. The classifier checks this with one scan per line
/// (<see cref="Classify.LiteralScanner"/>); <see cref="Admits"/> is the plain definition, used to check every sample
/// at load time, by the tests and by the benchmark.
/// </summary>
internal sealed class ShapeFilter
{
    public ShapeFilter(string[]? start, IReadOnlyList<string[][]> groups)
    {
        Start = start;
        Groups = groups;
    }

    /// <summary>Lower-case words one of which the match must begin with (anchored shapes), or null.</summary>
    public string[]? Start { get; }

    /// <summary>Lower-case ASCII literals: per group, the alternatives; per alternative, literals that must all occur.</summary>
    public IReadOnlyList<string[][]> Groups { get; }

    public bool TriedAlways => Start == null && Groups.Count == 0;

    /// <summary>
    /// The literals whose hit makes a group worth checking: the rarest-looking literal of each alternative among those
    /// the scanner looks for (<paramref name="scanned"/>), or null when an alternative has none.
    /// </summary>
    public static string[]? WakeWords(string[][] group, Func<string, bool> scanned)
    {
        var words = new List<string>();
        foreach (var alternative in group)
        {
            var best = alternative.Where(scanned).MaxBy(Rarity);
            if (best == null) return null;
            words.Add(best);
        }
        return words.Distinct().ToArray();
    }

    /// <summary>How selective a group is for waking a rule: the least rare of its wake words (0 when it has none).</summary>
    public static int Selectivity(string[][] group, Func<string, bool> scanned) => WakeWords(group, scanned)?.Min(Rarity) ?? 0;

    /// <summary>
    /// A guess at how rarely a literal occurs in a log line: longer is rarer, and punctuation, digits and underscores
    /// (<c>ip:</c>, <c>ip_addr:</c>, <c>][</c>) are rarer than the letters of an English word (<c>sta</c>, <c>get</c>).
    /// </summary>
    public static int Rarity(string literal) => literal.Length + 2 * literal.Count(c => !char.IsAsciiLetter(c));

    /// <summary>True when <paramref name="text"/> (matched from <paramref name="start"/>) may match the shape.</summary>
    public bool Admits(string text, int start)
    {
        var rest = text.AsSpan(start);
        if (Start != null && !StartsWithAny(rest.TrimStart(), Start)) return false;
        foreach (var group in Groups)
        {
            bool met = false;
            foreach (var alternative in group)
            {
                bool all = true;
                foreach (var literal in alternative)
                    if (!rest.Contains(literal, StringComparison.OrdinalIgnoreCase)) { all = false; break; }
                if (all) { met = true; break; }
            }
            if (!met) return false;
        }
        return true;
    }

    /// <summary>The start test as the classifier runs it: <paramref name="rest"/> begins at the first non-space.</summary>
    public static bool StartsWithAny(ReadOnlySpan<char> rest, string[] words)
    {
        foreach (var w in words)
            if (rest.StartsWith(w, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }
}
