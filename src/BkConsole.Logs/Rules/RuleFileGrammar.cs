using System.Globalization;
using System.Text;
using BkConsole.Core.Events;
using Sprache;

namespace BkConsole.Logs.Rules;

/// <summary>
/// The grammar of <c>grammars/*.rules</c> (style.md §13): small named parsers, bottom-up, one public entry point
/// ending in <c>.End()</c>. The language is described in <c>grammars/README.md</c>. Tokens are permissive (comments
/// with <c>#</c>, free layout); rules are strict (every item starts with a keyword, a rule closes with <c>end</c>).
/// </summary>
public static class RuleFileGrammar
{
    // ---- layout -------------------------------------------------------------------------------------------------

    private static readonly Parser<string> Comment =
        from hash in Parse.Char('#')
        from text in Parse.CharExcept("\r\n").Many().Text()
        select text;

    private static readonly Parser<IEnumerable<object>> Layout =
        Parse.WhiteSpace.Select(c => (object)c).Or(Comment.Select(c => (object)c)).Many();

    /// <summary>A token and the layout after it (so a failed token has consumed nothing).</summary>
    private static Parser<T> Tok<T>(Parser<T> p) =>
        from value in p
        from after in Layout
        select value;

    private static readonly Parser<SourcePos> Here =
        i => Result.Success(new SourcePos(i.Line, i.Column), i);

    /// <summary>Position of the next token (layout was consumed by the previous one).</summary>
    private static readonly Parser<SourcePos> At = Here;

    // ---- words and literals ---------------------------------------------------------------------------------------

    private static readonly Parser<string> Word =
        Parse.Char(c => char.IsLetterOrDigit(c) || c is '_' or '.' or '-', "a word").AtLeastOnce().Text().Named("a word");

    private static Parser<string> Keyword(string k) => Tok(Word.Where(w => w == k)).Named($"'{k}'");

    private static readonly Parser<string> Identifier =
        Tok(Parse.Identifier(Parse.Letter, Parse.LetterOrDigit.Or(Parse.Char('_')))).Named("a name");

    private static readonly Parser<string> KindName =
        Tok(Parse.Char(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '.', "a kind").AtLeastOnce().Text())
            .Named("an event kind (family.what)");

    private static readonly Parser<char> EscapedChar =
        from backslash in Parse.Char('\\')
        from c in Parse.AnyChar
        from hex in c == 'x'
            ? Parse.Chars("0123456789abcdefABCDEF").Repeat(2).Text().Select(h => (char?)(char)int.Parse(h, NumberStyles.HexNumber, CultureInfo.InvariantCulture))
            : Parse.Return((char?)null)
        select hex ?? c switch
        {
            'n' => '\n',
            't' => '\t',
            'r' => '\r',
            'e' => '\u001b',
            '0' => '\0',
            _ => c,
        };

    private static Parser<string> QuotedWith(char quote) =>
        from open in Parse.Char(quote)
        from chars in EscapedChar.Or(Parse.CharExcept(quote + "\\\r\n")).Many()
        from close in Parse.Char(quote).Named("closing " + quote)
        select new string(chars.ToArray());

    /// <summary>A string in double or single quotes, with backslash escapes (<c>\" \\ \t \e \xNN</c>).</summary>
    private static readonly Parser<string> Quoted = Tok(QuotedWith('"').XOr(QuotedWith('\''))).Named("a quoted string");

    private static readonly Parser<string> BareValue =
        Tok(Parse.CharExcept(" \t\r\n\"'#,}").AtLeastOnce().Text()).Named("a value");

    private static readonly Parser<string> Value = Quoted.XOr(BareValue);

    private static readonly Parser<long> Number =
        Tok(
            (from zero in Parse.String("0x").Or(Parse.String("0X"))
             from digits in Parse.Chars("0123456789abcdefABCDEF").AtLeastOnce().Text()
             select long.Parse(digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture))
            .Or(Parse.Digit.AtLeastOnce().Text().Select(d => long.Parse(d, CultureInfo.InvariantCulture))))
        .Named("a number");

    private static Parser<char> Sym(char c) => Tok(Parse.Char(c)).Named($"'{c}'");

    // ---- shapes ---------------------------------------------------------------------------------------------------

    /// <summary>
    /// Forward reference to <see cref="Element"/> for nesting. Not <c>Parse.Ref</c>: its memo throws when a failed
    /// parser is retried at the same position, which <c>XMany</c> does by design.
    /// </summary>
    private static readonly Parser<ShapeNode> ElementRef = i => Element!(i);

    private static readonly Parser<ShapeNode> LiteralElement = Quoted.Select(s => (ShapeNode)new LiteralNode(s));

    private static readonly Parser<ShapeNode> SpaceElement = Tok(Parse.Char('_')).Return((ShapeNode)new SpaceNode());

    private static readonly Parser<ShapeNode> SkipElement = Tok(Parse.String("...")).Return((ShapeNode)new SkipNode());

    private static readonly Parser<ShapeNode> EndElement = Tok(Parse.Char('$')).Return((ShapeNode)new EndNode());

    /// <summary><c>type</c>, or <c>type: elements</c> — the elements say what to match, the type how to store it.</summary>
    private static readonly Parser<(string? Type, IReadOnlyList<ShapeNode>? Inner)> TypedCaptureBody =
        from type in Identifier
        from inner in (from colon in Sym(':') from elements in ElementRef.XAtLeastOnce() select elements.ToList()).Optional()
        select (Type: (string?)type, Inner: inner.IsDefined ? (IReadOnlyList<ShapeNode>?)inner.Get() : null);

    private static readonly Parser<ShapeNode> CaptureElement =
        from pos in At
        from open in Tok(Parse.Char('{'))
        from name in Identifier
        from colon in Sym(':')
        from body in TypedCaptureBody
            .XOr(ElementRef.XAtLeastOnce().Select(e => (Type: (string?)null, Inner: (IReadOnlyList<ShapeNode>?)e.ToList())))
        from close in Sym('}')
        select (ShapeNode)new CaptureNode(name, body.Type, body.Inner, pos);

    private static readonly Parser<ShapeNode> TypeElement =
        from pos in At
        from open in Tok(Parse.Char('<'))
        from type in Identifier
        from close in Sym('>')
        select (ShapeNode)new TypeNode(type, pos);

    private static readonly Parser<ShapeNode> OptionalElement =
        from open in Sym('[')
        from items in ElementRef.XAtLeastOnce()
        from close in Sym(']')
        select (ShapeNode)new OptionalNode(items.ToList());

    private static readonly Parser<IReadOnlyList<ShapeNode>> Sequence =
        ElementRef.XAtLeastOnce().Select(e => (IReadOnlyList<ShapeNode>)e.ToList());

    private static readonly Parser<ShapeNode> ChoiceElement =
        from open in Sym('(')
        from first in Sequence
        from rest in (from bar in Sym('|') from seq in Sequence select seq).XMany()
        from close in Sym(')')
        select (ShapeNode)new ChoiceNode(new[] { first }.Concat(rest).ToList());

    /// <summary>One shape element; the first character decides which.</summary>
    private static readonly Parser<ShapeNode> Element =
        LiteralElement
            .XOr(SkipElement)
            .XOr(SpaceElement)
            .XOr(EndElement)
            .XOr(CaptureElement)
            .XOr(TypeElement)
            .XOr(OptionalElement)
            .XOr(ChoiceElement)
            .Named("a shape element (\"text\", _, ..., $, {name:type}, <type>, [optional], (a | b))");

    // ---- rule items -----------------------------------------------------------------------------------------------

    private abstract record Item;
    private sealed record ShapeItem(ShapeSyntax Shape) : Item;
    private sealed record SampleItem(SampleSyntax Sample) : Item;
    private sealed record SetItem(SetSyntax Set) : Item;
    private sealed record LookupItem(LookupSyntax Lookup) : Item;
    private sealed record CalcItem(CalcSyntax Calc) : Item;

    private static readonly Parser<Item> ShapeLine =
        from pos in At
        from kw in Keyword("shape")
        from items in Sequence
        select (Item)new ShapeItem(new ShapeSyntax(items, pos));

    private static readonly Parser<KeyValuePair<string, string>> Expectation =
        from name in Identifier
        from eq in Tok(Parse.Char('='))
        from value in Value
        select new KeyValuePair<string, string>(name, value);

    private static readonly Parser<Item> SampleLine =
        from pos in At
        from kw in Keyword("sample")
        from line in Quoted
        from expected in Expectation.Many()
        select (Item)new SampleItem(new SampleSyntax(line, true, expected.ToList(), pos));

    private static readonly Parser<Item> RejectLine =
        from pos in At
        from kw in Keyword("reject")
        from line in Quoted
        select (Item)new SampleItem(new SampleSyntax(line, false, [], pos));

    private static readonly Parser<Item> SetLine =
        from pos in At
        from kw in Keyword("set")
        from name in Identifier
        from eq in Sym('=')
        from value in Value
        select (Item)new SetItem(new SetSyntax(name, value, pos));

    private static readonly Parser<Item> LookupLine =
        from pos in At
        from kw in Keyword("lookup")
        from name in Identifier
        from eq in Sym('=')
        from table in Identifier
        from open in Sym('(')
        from source in Identifier
        from close in Sym(')')
        select (Item)new LookupItem(new LookupSyntax(name, table, source, pos));

    private static readonly Parser<string> CalcOperand =
        Tok(Parse.Identifier(Parse.Letter, Parse.LetterOrDigit.Or(Parse.Char('_'))).Or(Parse.Digit.AtLeastOnce().Text()))
            .Named("a capture name or a number");

    private static readonly Parser<Item> CalcLine =
        from pos in At
        from kw in Keyword("calc")
        from name in Identifier
        from eq in Sym('=')
        from left in CalcOperand
        from times in Sym('*')
        from right in CalcOperand
        select (Item)new CalcItem(new CalcSyntax(name, left, right, pos));

    private static readonly Parser<Item> RuleItem =
        ShapeLine.XOr(SampleLine).XOr(RejectLine).XOr(SetLine).XOr(LookupLine).XOr(CalcLine)
            .Named("'shape', 'sample', 'reject', 'set', 'lookup', 'calc' or 'end'");

    /// <summary>A severity word; an unknown one fails at the word (not after it), with the list of names.</summary>
    private static readonly Parser<Severity> SeverityName = i =>
    {
        var word = Tok(Word)(i);
        if (!word.WasSuccessful) return Result.Failure<Severity>(word.Remainder, word.Message, word.Expectations);
        return SeverityNames.TryParse(word.Value, out var s)
            ? Result.Success(s, word.Remainder)
            : Result.Failure<Severity>(i, $"unknown severity '{word.Value}' (debug, info, notice, warning, error, critical)", []);
    };

    private static readonly Parser<RuleSyntax> Rule =
        from pos in At
        from kw in Keyword("rule")
        from kind in KindName
        from severity in SeverityName
        from fallback in Keyword("fallback").Optional()
        from items in RuleItem.XMany()
        from end in Keyword("end")
        let list = items.ToList()
        select new RuleSyntax(
            kind,
            severity,
            fallback.IsDefined,
            list.OfType<ShapeItem>().Select(x => x.Shape).ToList(),
            list.OfType<SampleItem>().Select(x => x.Sample).ToList(),
            list.OfType<SetItem>().Select(x => x.Set).ToList(),
            list.OfType<LookupItem>().Select(x => x.Lookup).ToList(),
            pos)
        {
            Calcs = list.OfType<CalcItem>().Select(x => x.Calc).ToList(),
        };

    private static readonly Parser<KeyValuePair<long, string>> TableEntry =
        from key in Number
        from eq in Sym('=')
        from value in Value
        from comma in Sym(',').Optional()
        select new KeyValuePair<long, string>(key, value);

    private static readonly Parser<TableSyntax> Table =
        from pos in At
        from kw in Keyword("table")
        from name in Identifier
        from open in Sym('{')
        from entries in TableEntry.XMany()
        from close in Sym('}')
        select new TableSyntax(name, entries.ToDictionary(e => e.Key, e => e.Value), pos);

    private abstract record Top;
    private sealed record TopRule(RuleSyntax Rule) : Top;
    private sealed record TopTable(TableSyntax Table) : Top;

    /// <summary>A whole rule file: tables and rules in any order.</summary>
    public static readonly Parser<(IReadOnlyList<TableSyntax> Tables, IReadOnlyList<RuleSyntax> Rules)> File =
        from leading in Layout
        from tops in Rule.Select(r => (Top)new TopRule(r)).XOr(Table.Select(t => (Top)new TopTable(t)))
            .Named("'rule' or 'table'").XMany()
        from end in Parse.Return(0).End()
        let list = tops.ToList()
        select ((IReadOnlyList<TableSyntax>)list.OfType<TopTable>().Select(t => t.Table).ToList(),
            (IReadOnlyList<RuleSyntax>)list.OfType<TopRule>().Select(r => r.Rule).ToList());

    /// <summary>
    /// Parses a rule file; a syntax error becomes a <see cref="Core.Errors.UsageException"/> worded
    /// <c>file:line:col: message</c>.
    /// </summary>
    public static RuleFileSyntax ParseText(string text, string fileName)
    {
        var result = File.TryParse(text);
        if (!result.WasSuccessful)
        {
            var rem = result.Remainder;
            var found = rem.AtEnd ? "end of file" : Describe(rem.Current, text, rem.Position);
            var message = result.Message;
            var expected = result.Expectations.Any() ? " (expected " + string.Join(" or ", result.Expectations.Distinct()) + ")" : "";
            throw RuleErrors.At(fileName, new SourcePos(rem.Line, rem.Column),
                message.StartsWith("unknown severity", StringComparison.Ordinal) ? message : $"unexpected {found}{expected}");
        }
        return new RuleFileSyntax(fileName, result.Value.Tables, result.Value.Rules);
    }

    private static string Describe(char c, string text, int position)
    {
        var sb = new StringBuilder();
        for (int i = position; i < text.Length && sb.Length < 20 && !char.IsWhiteSpace(text[i]); i++) sb.Append(text[i]);
        return sb.Length == 0 ? c switch { '\n' or '\r' => "end of line", _ => $"'{c}'" } : $"'{sb}'";
    }
}
