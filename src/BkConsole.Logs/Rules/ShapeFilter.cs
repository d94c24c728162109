namespace BkConsole.Logs.Rules;

/// <summary>
/// The prefilter of one shape: what a line must contain for the shape's regex to be worth running. A line passes
/// when it begins (after host prefix and spaces) with one of <see cref="Start"/> (if any) and contains, for each of
/// <see cref="Groups"/>, one of the group's literals, ignoring ASCII case. A shape with neither is tried on every
/// line. The classifier checks this with one scan per line (<see cref="Classify.LiteralScanner"/>); <see cref="Admits"/>
/// is the plain definition, used to check every sample at load time and by the benchmark.
/// </summary>
internal sealed class ShapeFilter
{
    public ShapeFilter(string[]? start, IReadOnlyList<string[]> groups)
    {
        Start = start;
        Groups = groups;
        Key = groups.Count == 0 ? null : MostSelective(groups);
    }

    /// <summary>Lower-case words one of which the match must begin with (anchored shapes), or null.</summary>
    public string[]? Start { get; }

    /// <summary>Lower-case ASCII literals: every group must have one of its literals in the line.</summary>
    public IReadOnlyList<string[]> Groups { get; }

    /// <summary>The group whose hit makes the shape a candidate (the one with the longest shortest literal).</summary>
    public string[]? Key { get; }

    public bool TriedAlways => Start == null && Groups.Count == 0;

    public static string[] MostSelective(IEnumerable<string[]> groups) => groups.MaxBy(g => g.Min(x => x.Length))!;

    /// <summary>True when <paramref name="text"/> (matched from <paramref name="start"/>) may match the shape.</summary>
    public bool Admits(string text, int start)
    {
        var rest = text.AsSpan(start);
        if (Start != null && !StartsWithAny(rest.TrimStart(), Start)) return false;
        foreach (var group in Groups)
        {
            bool found = false;
            foreach (var literal in group)
                if (rest.Contains(literal, StringComparison.OrdinalIgnoreCase)) { found = true; break; }
            if (!found) return false;
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
