using BkConsole.Core.Events;

namespace BkConsole.Logs.Rules;

// The parsed form of a rule file (what RuleFileGrammar produces, before compilation). Grouped on purpose: these
// records are one small syntax tree.

/// <summary>Where something was written in its rule file: 1-based line and column.</summary>
public readonly record struct SourcePos(int Line, int Column)
{
    public string In(string file) => $"{file}:{Line}:{Column}";
}

/// <summary>One element of a line shape.</summary>
public abstract record ShapeNode;

/// <summary>Text to find, case-insensitive; a space inside matches any run of whitespace.</summary>
public sealed record LiteralNode(string Text) : ShapeNode;

/// <summary><c>_</c>: optional whitespace.</summary>
public sealed record SpaceNode : ShapeNode;

/// <summary><c>...</c>: skip any text (as little as needed). At the start of a shape: the shape may match anywhere.</summary>
public sealed record SkipNode : ShapeNode;

/// <summary><c>$</c>: only trailing whitespace may follow.</summary>
public sealed record EndNode : ShapeNode;

/// <summary><c>{name:type}</c>, <c>{name: elements}</c> (text) or <c>{name:type: elements}</c> (elements, stored as the type).</summary>
public sealed record CaptureNode(string Name, string? Type, IReadOnlyList<ShapeNode>? Inner, SourcePos Pos) : ShapeNode;

/// <summary><c>&lt;type&gt;</c>: text of a capture type, not captured.</summary>
public sealed record TypeNode(string Type, SourcePos Pos) : ShapeNode;

/// <summary><c>[ elements ]</c>.</summary>
public sealed record OptionalNode(IReadOnlyList<ShapeNode> Items) : ShapeNode;

/// <summary><c>( a | b | c )</c>.</summary>
public sealed record ChoiceNode(IReadOnlyList<IReadOnlyList<ShapeNode>> Options) : ShapeNode;

/// <summary>A line shape: a sequence of elements.</summary>
public sealed record ShapeSyntax(IReadOnlyList<ShapeNode> Items, SourcePos Pos);

/// <summary><c>sample "line" field=value …</c> (must match) or <c>reject "line"</c> (must not).</summary>
public sealed record SampleSyntax(string Line, bool MustMatch, IReadOnlyList<KeyValuePair<string, string>> Expected, SourcePos Pos);

/// <summary><c>set field = value</c>: a constant field.</summary>
public sealed record SetSyntax(string Field, string Value, SourcePos Pos);

/// <summary><c>lookup field = table(sourceField)</c>: a field derived from a captured number through a table.</summary>
public sealed record LookupSyntax(string Field, string Table, string Source, SourcePos Pos);

/// <summary><c>calc field = a * b</c>: a number field, the product of two captured numbers (or number constants).</summary>
public sealed record CalcSyntax(string Field, string Left, string Right, SourcePos Pos);

/// <summary><c>rule kind severity [fallback] … end</c>.</summary>
public sealed record RuleSyntax(
    string Kind,
    Severity Severity,
    bool Fallback,
    IReadOnlyList<ShapeSyntax> Shapes,
    IReadOnlyList<SampleSyntax> Samples,
    IReadOnlyList<SetSyntax> Sets,
    IReadOnlyList<LookupSyntax> Lookups,
    SourcePos Pos)
{
    public IReadOnlyList<CalcSyntax> Calcs { get; init; } = [];
}

/// <summary><c>table name { 0 = poweron, 1 = reboot }</c>.</summary>
public sealed record TableSyntax(string Name, IReadOnlyDictionary<long, string> Entries, SourcePos Pos);

/// <summary>A whole rule file.</summary>
public sealed record RuleFileSyntax(string File, IReadOnlyList<TableSyntax> Tables, IReadOnlyList<RuleSyntax> Rules);
