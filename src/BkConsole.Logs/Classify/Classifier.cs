using System.Buffers;
using BkConsole.Core.Events;
using BkConsole.Logs.Rules;

namespace BkConsole.Logs.Classify;

/// <summary>
/// Turns a line into events. A literal prefilter (<see cref="SearchValues{T}"/> over every rule's required literal)
/// picks the few rules whose literal occurs in the line; only those are tried, in rule order. Each kind fires at most
/// once per line; fallback rules fire only when nothing else did; a line that is mostly noise also yields
/// <c>line.garbled</c>. Host prefixes (<see cref="HostPrefix"/>) are skipped before matching.
/// </summary>
public sealed class Classifier
{
    public const string GarbledKind = "line.garbled";

    private readonly CompiledRule[] _rules;
    private readonly SearchValues<string>? _triggers;
    private readonly Dictionary<char, (string Literal, int[] Rules)[]> _byFirstChar;
    private readonly Dictionary<char, (string Literal, int[] Rules)[]> _startByFirstChar;
    private readonly int[] _alwaysTried;
    private readonly int[] _stamp;
    private readonly List<int> _candidates = new();
    private readonly List<EventField> _fields = new();
    private readonly HashSet<string> _kindsThisLine = new(StringComparer.Ordinal);
    private int _line;

    public Classifier(RuleSet rules)
    {
        // The prefilter is built once per rule set and shared (building SearchValues is not cheap).
        var index = rules.Index;
        _rules = index.Rules;
        _alwaysTried = index.AlwaysTried;
        _byFirstChar = index.ByFirstChar;
        _startByFirstChar = index.StartByFirstChar;
        _triggers = index.Triggers;
        _stamp = new int[_rules.Length];
    }

    public int RuleCount => _rules.Length;

    /// <summary>Rules tried so far (after the prefilter): a measure of how well the prefilter works.</summary>
    public long RulesTried { get; private set; }

    /// <summary>Appends the events of <paramref name="line"/> to <paramref name="output"/>; returns how many.</summary>
    public int Classify(LogLine line, List<ClassifiedEvent> output)
    {
        var text = line.Text;
        int before = output.Count;
        if (text.Length == 0) return 0;
        int start = HostPrefix.Skip(text);
        FindCandidates(text, start);
        _kindsThisLine.Clear();
        bool any = false;
        for (int pass = 0; pass < 2; pass++)
        {
            foreach (int r in _candidates)
            {
                var rule = _rules[r];
                if (rule.Fallback != (pass == 1)) continue;
                if (_kindsThisLine.Contains(rule.Kind)) continue;
                RulesTried++;
                _fields.Clear();
                if (!rule.TryMatch(text, start, _fields, out int at)) continue;
                _kindsThisLine.Add(rule.Kind);
                any = true;
                var ev = new LogEvent(rule.Kind, rule.Severity, line.Seq, line.LineNo, text, _fields.ToArray()) { Rule = rule.Id };
                output.Add(new ClassifiedEvent(ev, at, start));
            }
            if (any) break;
        }
        double ratio = GarbleMeter.Ratio(text.AsSpan(start));
        if (ratio >= GarbleMeter.Threshold)
        {
            var ev = new LogEvent(GarbledKind, Severity.Warning, line.Seq, line.LineNo, text,
                [EventField.Of("ratio", GarbleMeter.Format(ratio))]) { Rule = "built-in:garble" };
            output.Add(new ClassifiedEvent(ev, start, start));
        }
        return output.Count - before;
    }

    private void FindCandidates(string text, int start)
    {
        _candidates.Clear();
        _line++;
        if (_line == int.MaxValue) { Array.Clear(_stamp); _line = 1; }
        foreach (var r in _alwaysTried) Mark(r);
        var span = text.AsSpan();
        // literals of shapes without a leading "...": they must sit where matching starts, after spaces
        int first = start;
        while (first < span.Length && char.IsWhiteSpace(span[first])) first++;
        if (first < span.Length) MarkLiteralsAt(_startByFirstChar, span[first..]);
        if (_triggers != null)
        {
            int pos = start;
            while (pos < span.Length)
            {
                int idx = span[pos..].IndexOfAny(_triggers);
                if (idx < 0) break;
                int at = pos + idx;
                MarkLiteralsAt(_byFirstChar, span[at..]);
                pos = at + 1;
            }
        }
        if (_candidates.Count > 1) _candidates.Sort();
    }

    /// <summary>Marks the rules of every literal of <paramref name="map"/> that <paramref name="rest"/> begins with.</summary>
    private void MarkLiteralsAt(Dictionary<char, (string Literal, int[] Rules)[]> map, ReadOnlySpan<char> rest)
    {
        if (!map.TryGetValue(char.ToLowerInvariant(rest[0]), out var literals)) return;
        foreach (var (lit, rules) in literals)
        {
            if (!rest.StartsWith(lit, StringComparison.OrdinalIgnoreCase)) continue;
            foreach (var r in rules) Mark(r);
        }
    }

    private void Mark(int rule)
    {
        if (_stamp[rule] == _line) return;
        _stamp[rule] = _line;
        _candidates.Add(rule);
    }
}
