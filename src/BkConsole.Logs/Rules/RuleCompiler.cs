using System.Text;
using System.Text.RegularExpressions;
using BkConsole.Core.Events;
using BkConsole.Logs.Classify;

namespace BkConsole.Logs.Rules;

/// <summary>
/// Turns parsed rules into <see cref="CompiledRule"/>s and checks them: capture types, lookups, and every sample
/// (a <c>sample</c> line must match with the listed field values; a <c>reject</c> line must not match). Any problem
/// is a <c>file:line:col: message</c> error.
/// </summary>
/// <remarks>
/// A shape compiles to a .NET <see cref="Regex"/> rather than a runtime Sprache parser: <c>...</c>, <c>text</c> and
/// optional parts need full backtracking (Sprache's <c>Or</c> commits to the first alternative that succeeds and
/// <c>Many</c> never gives characters back), and the classifier must run at over a million lines per second.
/// The rule files themselves are read by the Sprache grammar <see cref="RuleFileGrammar"/>.
/// </remarks>
public static class RuleCompiler
{
    private const RegexOptions BaseOptions = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    public static IReadOnlyList<CompiledRule> Compile(RuleFileSyntax file, bool compileRegex = true)
    {
        var tables = new Dictionary<string, TableSyntax>(StringComparer.Ordinal);
        foreach (var t in file.Tables)
        {
            if (!tables.TryAdd(t.Name, t)) throw RuleErrors.At(file.File, t.Pos, $"table '{t.Name}' is defined twice");
        }
        var rules = new List<CompiledRule>();
        foreach (var r in file.Rules) rules.Add(CompileRule(file.File, r, tables, compileRegex));
        return rules;
    }

    private static CompiledRule CompileRule(string file, RuleSyntax r, Dictionary<string, TableSyntax> tables, bool compileRegex)
    {
        if (r.Shapes.Count == 0) throw RuleErrors.At(file, r.Pos, $"rule '{r.Kind}' has no shape");
        if (!r.Samples.Any(s => s.MustMatch))
            throw RuleErrors.At(file, r.Pos, $"rule '{r.Kind}' has no sample (give at least one line it must match)");
        var shapes = new List<CompiledShape>();
        var filters = new List<ShapeFilter>();
        var anywhere = new List<string>();
        var atStart = new List<string>();
        bool alwaysTry = false;
        var captureNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var shape in r.Shapes)
        {
            var captures = new List<CompiledCapture>();
            var sb = new StringBuilder();
            var items = shape.Items;
            bool anchored = items[0] is not SkipNode;
            if (!anchored) items = items.Skip(1).ToList();
            else sb.Append(@"\G\s*");
            foreach (var node in items) Emit(file, node, sb, captures);
            var options = BaseOptions | (compileRegex ? RegexOptions.Compiled : RegexOptions.None);
            shapes.Add(new CompiledShape(new Regex(sb.ToString(), options), captures));
            foreach (var c in captures) captureNames.Add(c.Name);
            var leading = anchored ? LeadingLiterals(items) : null;
            var groups = RequiredGroups(items);
            filters.Add(new ShapeFilter(leading?.Distinct().ToArray(), groups));
            if (leading != null) atStart.AddRange(leading);
            foreach (var g in groups) anywhere.AddRange(g.SelectMany(a => a));
            if (leading == null && groups.Length == 0) alwaysTry = true;
        }
        var constants = new List<EventField>();
        foreach (var set in r.Sets) constants.Add(EventField.Of(set.Field, set.Value));
        var lookups = new List<IDerivedField>();
        foreach (var l in r.Lookups)
        {
            if (!tables.TryGetValue(l.Table, out var table)) throw RuleErrors.At(file, l.Pos, $"unknown table '{l.Table}'");
            if (!captureNames.Contains(l.Source)) throw RuleErrors.At(file, l.Pos, $"lookup source '{l.Source}' is not a capture of this rule");
            lookups.Add(new CompiledLookup(l.Field, l.Source, table.Entries));
        }
        var known = new HashSet<string>(captureNames, StringComparer.Ordinal);
        foreach (var c in r.Calcs)
        {
            foreach (var operand in new[] { c.Left, c.Right })
                if (!char.IsAsciiDigit(operand[0]) && !known.Contains(operand))
                    throw RuleErrors.At(file, c.Pos, $"calc operand '{operand}' is not a capture of this rule");
            lookups.Add(new CompiledProduct(c.Field, c.Left, c.Right));
            known.Add(c.Field); // a later calc may use it
        }
        var rule = new CompiledRule($"{file}:{r.Pos.Line}", file, r.Kind, r.Severity, r.Fallback, shapes, filters,
            alwaysTry ? [] : anywhere.Distinct().ToList(), alwaysTry ? [] : atStart.Distinct().ToList(), constants, lookups);
        CheckSamples(file, r, rule);
        return rule;
    }

    private static void CheckSamples(string file, RuleSyntax r, CompiledRule rule)
    {
        var fields = new List<EventField>();
        foreach (var sample in r.Samples)
        {
            fields.Clear();
            var text = Lines.TextCleaner.CleanText(sample.Line, out _);
            int start = HostPrefix.Skip(text);
            for (int i = 0; i < rule.Shapes.Count; i++)
            {
                // the prefilter must never hide a line a shape matches; a sample that shows otherwise is our bug
                if (rule.Shapes[i].Regex.IsMatch(text.AsSpan(start)) && !rule.Filters[i].Admits(text, start))
                    throw RuleErrors.At(file, sample.Pos, $"internal error: the prefilter of shape {i + 1} of rule '{r.Kind}' rejects this sample");
            }
            bool matched = rule.TryMatch(text, start, fields, out _);
            if (!sample.MustMatch)
            {
                if (matched) throw RuleErrors.At(file, sample.Pos, $"reject sample matches rule '{r.Kind}'");
                continue;
            }
            if (!matched) throw RuleErrors.At(file, sample.Pos, $"sample does not match rule '{r.Kind}'");
            foreach (var (name, expected) in sample.Expected)
            {
                var field = fields.FirstOrDefault(f => f.Name == name);
                if (field.Name == null) throw RuleErrors.At(file, sample.Pos, $"sample gives no field '{name}' (expected '{expected}')");
                if (!string.Equals(field.Display, expected, StringComparison.Ordinal))
                    throw RuleErrors.At(file, sample.Pos, $"sample field '{name}' is '{field.Display}', expected '{expected}'");
            }
        }
    }

    private static void Emit(string file, ShapeNode node, StringBuilder sb, List<CompiledCapture> captures)
    {
        switch (node)
        {
            case LiteralNode lit:
                bool inSpace = false;
                foreach (var c in lit.Text)
                {
                    if (char.IsWhiteSpace(c))
                    {
                        if (!inSpace) sb.Append(@"\s+");
                        inSpace = true;
                        continue;
                    }
                    inSpace = false;
                    sb.Append(Regex.Escape(c.ToString()));
                }
                break;
            case SpaceNode:
                sb.Append(@"\s*");
                break;
            case SkipNode:
                sb.Append(".*?");
                break;
            case EndNode:
                sb.Append(@"\s*$");
                break;
            case TypeNode t:
                if (!CaptureTypes.All.TryGetValue(t.Type, out var tt))
                    throw RuleErrors.At(file, t.Pos, $"unknown type '{t.Type}' (known: {string.Join(", ", CaptureTypes.All.Keys)})");
                sb.Append("(?:").Append(tt.Pattern).Append(')');
                break;
            case OptionalNode opt:
                sb.Append("(?:");
                foreach (var n in opt.Items) Emit(file, n, sb, captures);
                sb.Append(")?");
                break;
            case ChoiceNode choice:
                sb.Append("(?:");
                for (int i = 0; i < choice.Options.Count; i++)
                {
                    if (i > 0) sb.Append('|');
                    foreach (var n in choice.Options[i]) Emit(file, n, sb, captures);
                }
                sb.Append(')');
                break;
            case CaptureNode cap:
                int group = captures.Count;
                var type = FieldType.Text;
                bool quoted = false;
                sb.Append("(?<c").Append(group).Append('>');
                if (cap.Type != null)
                {
                    if (!CaptureTypes.All.TryGetValue(cap.Type, out var ct))
                        throw RuleErrors.At(file, cap.Pos,
                            $"unknown capture type '{cap.Type}' (known: {string.Join(", ", CaptureTypes.All.Keys)})");
                    type = ct.Field;
                    quoted = ct.Name == "quoted";
                    captures.Add(new CompiledCapture(cap.Name, group, type, quoted, ct.Name == "hexnum"));
                    if (cap.Inner == null) sb.Append(ct.Pattern);
                    else foreach (var n in cap.Inner) EmitInner(file, n, sb, captures); // {name:type: elements}
                }
                else
                {
                    captures.Add(new CompiledCapture(cap.Name, group, type, quoted, false));
                    foreach (var n in cap.Inner!) EmitInner(file, n, sb, captures);
                }
                sb.Append(')');
                break;
        }
    }

    /// <summary>Inside a capture with elements, nested captures are not allowed (one value per capture).</summary>
    private static void EmitInner(string file, ShapeNode node, StringBuilder sb, List<CompiledCapture> captures)
    {
        if (node is CaptureNode inner) throw RuleErrors.At(file, inner.Pos, "a capture cannot contain another capture");
        if (node is OptionalNode or ChoiceNode)
        {
            var probe = new List<CompiledCapture>();
            Emit(file, node, new StringBuilder(), probe);
            if (probe.Count > 0) throw RuleErrors.At(file, default, "a capture cannot contain another capture");
        }
        Emit(file, node, sb, captures);
    }

    /// <summary>
    /// What every match of a shape must contain (the prefilter, <see cref="ShapeFilter"/>): groups that must all be
    /// met, each a list of alternatives whose literals must all occur. Every word of a mandatory literal is a group
    /// with one alternative (each word is emitted character for character, so it occurs in any match); a mandatory
    /// choice is one group whose alternatives are its options, each with the plain words it requires (a choice nested
    /// in an option is left out: fewer requirements only let more lines through). A choice with an option that
    /// requires no word gives no group. Words with non-ASCII characters are left out (the scanner folds ASCII case
    /// only). Empty when the shape has no mandatory literal.
    /// </summary>
    private static string[][][] RequiredGroups(IReadOnlyList<ShapeNode> items)
    {
        var all = new List<string[][]>();
        CollectGroups(items, all);
        var distinct = new List<string[][]>();
        foreach (var g in all)
            if (!distinct.Any(d => SameGroup(d, g))) distinct.Add(g);
        return distinct.ToArray();
    }

    private static bool SameGroup(string[][] a, string[][] b) =>
        a.Length == b.Length && a.All(x => b.Any(y => x.Length == y.Length && x.All(y.Contains)));

    private static void CollectGroups(IReadOnlyList<ShapeNode> items, List<string[][]> groups)
    {
        foreach (var node in items)
        {
            switch (node)
            {
                case LiteralNode lit:
                    foreach (var word in lit.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
                        if (Ascii.IsValid(word)) groups.Add([[word.ToLowerInvariant()]]);
                    break;
                case CaptureNode { Inner: { } inner }:
                    CollectGroups(inner, groups);
                    break;
                case ChoiceNode choice:
                    var alternatives = new List<string[]>();
                    foreach (var option in choice.Options)
                    {
                        var sub = new List<string[][]>();
                        CollectGroups(option, sub);
                        var words = sub.Where(g => g.Length == 1).SelectMany(g => g[0]).Distinct().ToArray();
                        if (words.Length == 0) { alternatives = null; break; }
                        alternatives.Add(words);
                    }
                    if (alternatives != null) groups.Add(alternatives.ToArray());
                    break;
            }
        }
    }

    /// <summary>
    /// For a shape matched at the line start (after spaces): literals (lower case) one of which the match must begin
    /// with — the first word of a leading literal, or of each option of a leading choice. Null when the shape can
    /// begin with something else (a type, a capture by type, a space inside the literal). A leading optional part
    /// adds its own leading literals to those of what follows it (<c>["[Flash]"] _ "id"</c>: "[flash]" or "id").
    /// </summary>
    private static IReadOnlyList<string>? LeadingLiterals(IReadOnlyList<ShapeNode> items)
    {
        for (int i = 0; i < items.Count; i++)
        {
            switch (items[i])
            {
                case OptionalNode opt:
                    if (LeadingLiterals(opt.Items) is not { } inside) return null;
                    if (LeadingLiterals(items.Skip(i + 1).ToList()) is not { } after) return null;
                    return [.. inside, .. after];
                case SpaceNode:
                    continue; // "\G\s*" then "\s*": the next element still begins at the first non-space
                case LiteralNode lit:
                    return FirstWord(lit.Text) is { } w ? [w] : null;
                case CaptureNode { Inner: { } inner }:
                    return LeadingLiterals(inner);
                case ChoiceNode choice:
                    var all = new List<string>();
                    foreach (var option in choice.Options)
                    {
                        var set = LeadingLiterals(option);
                        if (set == null) return null;
                        all.AddRange(set);
                    }
                    return all;
                default:
                    return null;
            }
        }
        return null;
    }

    private static string? FirstWord(string text)
    {
        if (text.Length == 0 || char.IsWhiteSpace(text[0])) return null;
        int end = 0;
        while (end < text.Length && !char.IsWhiteSpace(text[end])) end++;
        return text[..end].ToLowerInvariant();
    }
}
