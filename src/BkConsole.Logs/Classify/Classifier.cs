using BkConsole.Core.Events;
using BkConsole.Logs.Rules;

namespace BkConsole.Logs.Classify;

/// <summary>
/// Turns a line into events. The prefilter (<see cref="RuleIndex"/>) scans the line once for every literal the rules
/// require (<see cref="LiteralScanner"/>), wakes the rules whose key literal or start word is there, and keeps per
/// rule only the shapes whose literals are all present; only those shapes are tried, rules in order. Each kind fires
/// at most once per line; fallback rules fire only when nothing else did; a line that is mostly noise also yields
/// <c>line.garbled</c>. Host prefixes (<see cref="HostPrefix"/>) are skipped before matching.
/// </summary>
public sealed class Classifier
{
    public const string GarbledKind = "line.garbled";

    private readonly RuleIndex _index;
    private readonly CompiledRule[] _rules;
    private readonly ulong[] _woken;
    private readonly int[] _literalStamp;
    private readonly int[] _kindStamp;
    private readonly List<int> _found = new();
    private readonly List<int> _candidates = new();
    private readonly List<ulong> _shapes = new();
    private readonly List<EventField> _fields = new();
    private int _line;

    public Classifier(RuleSet rules)
    {
        // the index (scanner tables) is built once per rule set and shared
        _index = rules.Index;
        _rules = _index.Rules;
        _woken = new ulong[_index.RuleWords];
        _literalStamp = new int[_index.LiteralCount];
        _kindStamp = new int[_index.KindCount];
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
        int stamp = FindCandidates(text, start);
        bool any = false;
        for (int pass = 0; pass < 2; pass++)
        {
            for (int c = 0; c < _candidates.Count; c++)
            {
                int r = _candidates[c];
                var rule = _rules[r];
                if (rule.Fallback != (pass == 1)) continue;
                int kind = _index.KindIds[r];
                if (_kindStamp[kind] == stamp) continue;
                RulesTried++;
                _fields.Clear();
                if (!rule.TryMatch(text, start, _shapes[c], _fields, out int at)) continue;
                _kindStamp[kind] = stamp;
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

    /// <summary>The rules the prefilter lets through for <paramref name="text"/>, each with its shapes worth trying (tests, bench).</summary>
    internal List<(int Rule, ulong Shapes)> Candidates(string text)
    {
        FindCandidates(text, HostPrefix.Skip(text));
        return _candidates.Select((r, i) => (r, _shapes[i])).ToList();
    }

    /// <summary>Runs only the prefilter over <paramref name="text"/>; returns how many rules it lets through (bench).</summary>
    internal int PrefilterOnly(string text)
    {
        FindCandidates(text, HostPrefix.Skip(text));
        return _candidates.Count;
    }

    /// <summary>Fills the candidate rules (in rule order) and, beside each, the shapes worth trying; returns the line's stamp.</summary>
    private int FindCandidates(string text, int start)
    {
        _candidates.Clear();
        _shapes.Clear();
        _found.Clear();
        if (++_line == int.MaxValue)
        {
            Array.Clear(_literalStamp);
            Array.Clear(_kindStamp);
            _line = 1;
        }
        int stamp = _line;
        var woken = _woken;
        foreach (var r in _index.AlwaysTried) woken[r >> 6] |= 1UL << r;
        var span = text.AsSpan();
        int first = start;
        while (first < span.Length && char.IsWhiteSpace(span[first])) first++;
        if (first < span.Length)
        {
            char c = char.ToLowerInvariant(span[first]);
            var byStart = c < 128 ? _index.StartByFirstChar[c] : _index.StartByNonAscii.GetValueOrDefault(c);
            if (byStart != null)
                foreach (var r in byStart) woken[r >> 6] |= 1UL << r;
        }
        var scanned = span[start..];
        _index.Scanner.Scan(scanned, _literalStamp, stamp, _found);
        foreach (var lit in _found)
            foreach (var r in _index.Wakes[lit]) woken[r >> 6] |= 1UL << r;
        // in rule order: keep the rules with a shape whose start word and literals are all there
        var rest = span[first..];
        for (int w = 0; w < woken.Length; w++)
        {
            ulong bits = woken[w];
            woken[w] = 0;
            while (bits != 0)
            {
                int r = (w << 6) + System.Numerics.BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                ulong mask = ShapeMask(_index.Shapes[r], rest, scanned, stamp);
                if (mask == 0) continue;
                _candidates.Add(r);
                _shapes.Add(mask);
            }
        }
        return stamp;
    }

    private ulong ShapeMask(RuleIndex.ShapeCheck[] shapes, ReadOnlySpan<char> rest, ReadOnlySpan<char> scanned, int stamp)
    {
        ulong mask = 0;
        for (int i = 0; i < shapes.Length; i++)
        {
            if (i >= 64) return ~0UL; // more than 64 shapes: try them all (the regexes decide)
            var shape = shapes[i];
            if (shape.Start != null && !ShapeFilter.StartsWithAny(rest, shape.Start)) continue;
            if (AllGroupsMet(shape.Groups, scanned, stamp)) mask |= 1UL << i;
        }
        return mask;
    }

    private bool AllGroupsMet(RuleIndex.Alternative[][] groups, ReadOnlySpan<char> text, int stamp)
    {
        foreach (var group in groups)
        {
            bool met = false;
            foreach (var alternative in group)
                if (AllPresent(alternative, text, stamp)) { met = true; break; }
            if (!met) return false;
        }
        return true;
    }

    private bool AllPresent(RuleIndex.Alternative alternative, ReadOnlySpan<char> text, int stamp)
    {
        foreach (var lit in alternative.Scanned)
            if (_literalStamp[lit] != stamp) return false;
        foreach (var searcher in alternative.Searchers)
            if (text.IndexOfAny(searcher) < 0) return false;
        return true;
    }
}
