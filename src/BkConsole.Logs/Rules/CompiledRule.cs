using System.Globalization;
using System.Text.RegularExpressions;
using BkConsole.Core.Events;

namespace BkConsole.Logs.Rules;

/// <summary>
/// A rule ready to run: its shapes as compiled matchers, the literals one of which must occur in a line for the
/// rule to be worth trying (the classifier's prefilter), and how to turn a match into fields.
/// </summary>
public sealed class CompiledRule
{
    internal CompiledRule(string id, string file, string kind, Severity severity, bool fallback,
        IReadOnlyList<CompiledShape> shapes, IReadOnlyList<ShapeFilter> filters, IReadOnlyList<string> anywhere, IReadOnlyList<string> atStart,
        IReadOnlyList<EventField> constants, IReadOnlyList<IDerivedField> lookups)
    {
        Id = id;
        File = file;
        Kind = kind;
        Severity = severity;
        Fallback = fallback;
        Shapes = shapes;
        Filters = filters;
        AnywhereTriggers = anywhere;
        StartTriggers = atStart;
        Triggers = anywhere.Concat(atStart).Distinct().ToList();
        Constants = constants;
        Lookups = lookups;
    }

    /// <summary><c>file:line</c> of the rule, shown as the event's rule id.</summary>
    public string Id { get; }

    public string File { get; }

    public string Kind { get; }

    public Severity Severity { get; }

    /// <summary>A fallback rule fires only when no other rule took the line.</summary>
    public bool Fallback { get; }

    internal IReadOnlyList<CompiledShape> Shapes { get; }

    /// <summary>The prefilter of each shape (same order as <see cref="Shapes"/>).</summary>
    internal IReadOnlyList<ShapeFilter> Filters { get; }

    /// <summary>Lower-case literals; the rule is tried only on lines containing one. Empty = always tried.</summary>
    public IReadOnlyList<string> Triggers { get; }

    /// <summary>
    /// The part of <see cref="Triggers"/> that only counts at the line start (where a shape without a leading
    /// <c>...</c> must begin, after host prefix and spaces): "I" there rules out far more lines than "i" anywhere.
    /// </summary>
    public IReadOnlyList<string> StartTriggers { get; }

    /// <summary>The part of <see cref="Triggers"/> searched anywhere in the line.</summary>
    internal IReadOnlyList<string> AnywhereTriggers { get; }

    internal IReadOnlyList<EventField> Constants { get; }

    /// <summary>Fields computed from the captured ones (<c>lookup</c>, <c>calc</c>), in rule order.</summary>
    internal IReadOnlyList<IDerivedField> Lookups { get; }

    /// <summary>
    /// Tries every shape on <paramref name="text"/> from <paramref name="start"/>; on success adds the fields and
    /// returns the index where the match began.
    /// </summary>
    public bool TryMatch(string text, int start, List<EventField> fields, out int matchIndex) =>
        TryMatch(text, start, ulong.MaxValue, fields, out matchIndex);

    /// <summary>
    /// As <see cref="TryMatch(string, int, List{EventField}, out int)"/>, but only the shapes whose bit is set in
    /// <paramref name="shapes"/> (bit i = shape i; shapes past 63 are always tried): the prefilter has ruled out the rest.
    /// </summary>
    internal bool TryMatch(string text, int start, ulong shapes, List<EventField> fields, out int matchIndex)
    {
        for (int i = 0; i < Shapes.Count; i++)
        {
            if (i < 64 && (shapes & (1UL << i)) == 0) continue;
            var shape = Shapes[i];
            // a failed Match allocates nothing (Match.Empty; the runner keeps its match object for the next try)
            var m = shape.Match(text, start);
            if (!m.Success) continue;
            int before = fields.Count;
            if (!shape.TryExtract(m, fields))
            {
                fields.RemoveRange(before, fields.Count - before);
                continue;
            }
            fields.AddRange(Constants);
            foreach (var lookup in Lookups) lookup.Apply(fields);
            matchIndex = m.Index;
            return true;
        }
        matchIndex = -1;
        return false;
    }
}

internal sealed record CompiledCapture(string Name, int Group, FieldType Type, bool Quoted, bool Hex);

/// <summary>
/// One shape's regex. Built interpreted (cheap: a whole rule set loads in a few hundred milliseconds); a shape that
/// is tried <see cref="RegexTuning.CompileAfterTries"/> times is compiled to IL on a pool thread and swapped in when
/// ready, so a short file never pays for compilation and a long capture or the live monitor runs compiled where it
/// matters. Both forms are the same pattern and options, so results do not depend on which one ran.
/// </summary>
internal sealed class CompiledShape
{
    private readonly IReadOnlyList<CompiledCapture> captures;
    private Regex _regex;
    private int _tries;
    private int _compileQueued;

    public CompiledShape(Regex regex, IReadOnlyList<CompiledCapture> captureList)
    {
        _regex = regex;
        if ((regex.Options & RegexOptions.Compiled) != 0) _compileQueued = 1;
        // groups are named c0, c1…; resolve their numbers once
        captures = captureList.Select(c => c with { Group = regex.GroupNumberFromName("c" + c.Group) }).ToList();
    }

    public Regex Regex => Volatile.Read(ref _regex);

    /// <summary>True once the IL-compiled form is in use.</summary>
    public bool IsCompiled => (Regex.Options & RegexOptions.Compiled) != 0;

    public Match Match(string text, int start)
    {
        if (_compileQueued == 0 && ++_tries >= RegexTuning.CompileAfterTries) QueueCompile();
        return Regex.Match(text, start);
    }

    private void QueueCompile()
    {
        if (Interlocked.Exchange(ref _compileQueued, 1) != 0) return;
        ThreadPool.UnsafeQueueUserWorkItem(static s => s.Compile(), this, preferLocal: false);
    }

    private void Compile()
    {
        var current = Regex;
        if ((current.Options & RegexOptions.Compiled) != 0) return;
        var compiled = new Regex(current.ToString(), current.Options | RegexOptions.Compiled);
        compiled.IsMatch(""); // the first match JITs the generated code: pay for it here, not on the matching thread
        Volatile.Write(ref _regex, compiled);
    }

    public bool TryExtract(Match m, List<EventField> fields)
    {
        int first = fields.Count;
        foreach (var c in captures)
        {
            var g = m.Groups[c.Group];
            if (!g.Success || Has(fields, first, c.Name)) continue; // the same name may sit in several alternatives
            var span = g.ValueSpan.Trim();
            switch (c.Type)
            {
                case FieldType.Address:
                    if (span.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) span = span[2..];
                    if (!ulong.TryParse(span, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var a)) return false;
                    fields.Add(EventField.Address(c.Name, a));
                    break;
                case FieldType.Number when c.Hex:
                    if (span.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) span = span[2..];
                    if (!long.TryParse(span, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var h)) return false;
                    fields.Add(EventField.Of(c.Name, h));
                    break;
                case FieldType.Number:
                    if (!long.TryParse(span, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)) return false;
                    fields.Add(EventField.Of(c.Name, n));
                    break;
                default:
                    if (c.Quoted && span.Length >= 2) span = span[1..^1];
                    fields.Add(EventField.Of(c.Name, span.ToString()));
                    break;
            }
        }
        return true;
    }

    private static bool Has(List<EventField> fields, int from, string name)
    {
        for (int i = from; i < fields.Count; i++)
            if (fields[i].Name == name) return true;
        return false;
    }
}

/// <summary>A field computed after a match from the fields captured so far.</summary>
internal interface IDerivedField
{
    void Apply(List<EventField> fields);
}

internal sealed record CompiledLookup(string Field, string Source, IReadOnlyDictionary<long, string> Table) : IDerivedField
{
    public void Apply(List<EventField> fields)
    {
        foreach (var f in fields)
        {
            if (f.Name != Source) continue;
            long key = f.Type == FieldType.Text
                ? (long.TryParse(f.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var k) ? k : long.MinValue)
                : f.Number;
            fields.Add(EventField.Of(Field, Table.TryGetValue(key, out var v) ? v : "unknown"));
            return;
        }
    }
}

/// <summary><c>calc field = a * b</c>: the product of two number fields (or constants); absent when an operand is.</summary>
internal sealed record CompiledProduct(string Field, string Left, string Right) : IDerivedField
{
    public void Apply(List<EventField> fields)
    {
        if (Operand(fields, Left) is not { } a || Operand(fields, Right) is not { } b) return;
        long product;
        try
        {
            product = checked(a * b);
        }
        catch (OverflowException)
        {
            return;
        }
        fields.Add(EventField.Of(Field, product));
    }

    private static long? Operand(List<EventField> fields, string name)
    {
        if (char.IsAsciiDigit(name[0])) return long.Parse(name, CultureInfo.InvariantCulture);
        foreach (var f in fields)
            if (f.Name == name) return f.Type == FieldType.Text ? null : f.Number;
        return null;
    }
}
