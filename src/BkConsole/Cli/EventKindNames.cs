using BkConsole.Core.Errors;
using BkConsole.Logs.Boots;
using BkConsole.Logs.Classify;
using BkConsole.Logs.Rules;
using BkConsole.Storage;

namespace BkConsole.Cli;

/// <summary>
/// Which event kinds exist — those a rule can give (built-in and the user's rules), the pipeline's own, and any the
/// store holds (imported with <c>--rules</c>) — so that <c>events --kind</c> can tell a typo from a kind that simply
/// has no events.
/// </summary>
internal static class EventKindNames
{
    private const int MaxSuggestions = 5;
    private const int MaxDistance = 3;

    /// <summary>Throws a usage error naming close matches when <paramref name="kind"/> (or family <c>x.*</c>) is unknown.</summary>
    public static void CheckKnown(string kind, BkStore store)
    {
        var known = Known();
        bool family = kind.EndsWith(".*", StringComparison.Ordinal);
        var stem = family ? kind[..^1] : kind; // "sd." for "sd.*"
        if (family ? known.Any(k => k.StartsWith(stem, StringComparison.Ordinal)) : known.Contains(kind)) return;
        if (store.Events(new EventQuery { Kind = kind }).Any()) return;
        var close = Suggest(family ? stem.TrimEnd('.') : kind, family ? Families(known) : known);
        throw new UsageException($"unknown event kind '{kind}'",
            close.Count > 0
                ? "did you mean " + string.Join(", ", close.Select(c => family ? c + ".*" : c)) + "? (kinds: shared/docs/event-kinds.md)"
                : "kinds are family.what names such as boot.jump or sd.* (shared/docs/event-kinds.md)");
    }

    internal static HashSet<string> Known()
    {
        var kinds = RuleSet.Load().Rules.Select(r => r.Kind).ToHashSet(StringComparer.Ordinal);
        kinds.Add(Classifier.GarbledKind);
        kinds.Add(BootKinds.ResetMidLine);
        return kinds;
    }

    private static HashSet<string> Families(IEnumerable<string> kinds) =>
        kinds.Select(k => k.Split('.')[0]).ToHashSet(StringComparer.Ordinal);

    /// <summary>Names within a small edit distance, or that contain / are contained in the input, closest first.</summary>
    internal static List<string> Suggest(string input, IEnumerable<string> names) =>
        names.Select(n => (Name: n, Distance: Distance(input.ToLowerInvariant(), n)))
            .Where(x => x.Distance <= MaxDistance
                        || x.Name.Contains(input, StringComparison.OrdinalIgnoreCase)
                        || (input.Length >= 3 && input.Contains(x.Name.Split('.')[^1], StringComparison.OrdinalIgnoreCase)))
            .OrderBy(x => x.Distance).ThenBy(x => x.Name, StringComparer.Ordinal)
            .Take(MaxSuggestions)
            .Select(x => x.Name)
            .ToList();

    private static int Distance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) prev[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
