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

    // Tokens scan the source directly and step the input once per token, not once per character: Sprache's
    // character-at-a-time combinators allocate several objects per character, and the built-in rule files are read
    // at the start of every command that classifies lines. What they accept and where they fail is unchanged.

    /// <summary>The input <paramref name="n"/> characters on, with line and column counted as Sprache's <c>Advance</c> does.</summary>
    private static IInput Skip(IInput i, int n)
    {
        var s = i.Source;
        int line = i.Line, column = i.Column;
        for (int k = i.Position; k < i.Position + n; k++)
        {
            if (s[k] == '\n') { line++; column = 1; }
            else column++;
        }
        return new TextInput(s, i.Position + n, line, column);
    }

    /// <summary>A token that is not at <paramref name="at"/>, worded as Sprache's own character parsers word it.</summary>
    private static IResult<T> Failure<T>(IInput at, string expected) =>
        Result.Failure<T>(at, at.AtEnd ? "Unexpected end of input reached" : $"unexpected '{at.Current}'", [expected]);

    /// <summary>White space and <c>#</c> comments (to the end of the line).</summary>
    private static readonly Parser<IEnumerable<object>> Layout = i =>
    {
        var s = i.Source;
        int p = i.Position;
        while (p < s.Length)
        {
            if (char.IsWhiteSpace(s[p])) p++;
            else if (s[p] == '#') { while (p < s.Length && s[p] is not ('\r' or '\n')) p++; }
            else break;
        }
        return Result.Success(Enumerable.Empty<object>(), Skip(i, p - i.Position));
    };

    /// <summary>One character accepted by <paramref name="first"/>, then any run accepted by <paramref name="rest"/>.</summary>
    private static Parser<string> Run(Func<char, bool> first, Func<char, bool> rest, string name) => i =>
    {
        var s = i.Source;
        int p = i.Position;
        if (p >= s.Length || !first(s[p]))
            return Failure<string>(i, name);
        p++;
        while (p < s.Length && rest(s[p])) p++;
        return Result.Success(s[i.Position..p], Skip(i, p - i.Position));
    };

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

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '.' or '-';

    private static readonly Parser<string> Word = Run(IsWordChar, IsWordChar, "a word");

    private static Parser<string> Keyword(string k) => Tok(Word.Where(w => w == k)).Named($"'{k}'");

    private static readonly Parser<string> Identifier =
        Tok(Run(char.IsLetter, c => char.IsLetterOrDigit(c) || c == '_', "a name")).Named("a name");

    private static bool IsKindChar(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '.';

    private static readonly Parser<string> KindName =
        Tok(Run(IsKindChar, IsKindChar, "a kind")).Named("an event kind (family.what)");

    /// <summary>
    /// A string in <paramref name="quote"/>s on one line, with backslash escapes (<c>\n \t \r \e \0 \xNN</c>; any
    /// other escaped character stands for itself). Fails where the closing quote was expected: at a line end, the end of
    /// input, or a backslash that starts no valid escape.
    /// </summary>
    private static Parser<string> QuotedWith(char quote) => i =>
    {
        var s = i.Source;
        int p = i.Position;
        if (p >= s.Length || s[p] != quote)
            return Failure<string>(i, quote.ToString());
        p++;
        int from = p;
        StringBuilder? sb = null;
        while (p < s.Length && s[p] is not ('\r' or '\n'))
        {
            char c = s[p];
            if (c == quote)
            {
                var text = sb == null ? s[from..p] : sb.Append(s, from, p - from).ToString();
                return Result.Success(text, Skip(i, p + 1 - i.Position));
            }
            if (c != '\\')
            {
                p++;
                continue;
            }
            if (p + 1 >= s.Length) break;
            char e = s[p + 1];
            char value;
            int length = 2;
            if (e == 'x')
            {
                if (p + 3 >= s.Length || !char.IsAsciiHexDigit(s[p + 2]) || !char.IsAsciiHexDigit(s[p + 3])) break;
                value = (char)int.Parse(s.AsSpan(p + 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                length = 4;
            }
            else
            {
                value = e switch
                {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    'e' => '\u001b',
                    '0' => '\0',
                    _ => e,
                };
            }
            sb ??= new StringBuilder();
            sb.Append(s, from, p - from).Append(value);
            p += length;
            from = p;
        }
        return Failure<string>(Skip(i, p - i.Position), "closing " + quote);
    };

    /// <summary>A string in double or single quotes, with backslash escapes (<c>\" \\ \t \e \xNN</c>).</summary>
    private static readonly Parser<string> Quoted = Tok(QuotedWith('"').XOr(QuotedWith('\''))).Named("a quoted string");

    private static bool IsBareChar(char c) => c is not (' ' or '\t' or '\r' or '\n' or '"' or '\'' or '#' or ',' or '}');

    private static readonly Parser<string> BareValue = Tok(Run(IsBareChar, IsBareChar, "a value")).Named("a value");

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
        var result = File(new TextInput(text));
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

    /// <summary>
    /// Sprache's input, without its per-position memo table (Sprache's own <c>Input</c> allocates a dictionary at
    /// every character it advances over; this grammar uses no memoised parser) and with a constructor that can jump
    /// ahead, so a token can step over many characters at once. Equal when at the same position of the same text.
    /// </summary>
    private sealed class TextInput(string source, int position = 0, int line = 1, int column = 1) : IInput
    {
        private IDictionary<object, object>? _memos;

        public string Source => source;

        public char Current => source[position];

        public bool AtEnd => position == source.Length;

        public int Position => position;

        public int Line => line;

        public int Column => column;

        public IDictionary<object, object> Memos => _memos ??= new Dictionary<object, object>();

        public IInput Advance()
        {
            if (AtEnd) throw new InvalidOperationException("The input is already at the end of the source.");
            return source[position] == '\n'
                ? new TextInput(source, position + 1, line + 1, 1)
                : new TextInput(source, position + 1, line, column + 1);
        }

        public bool Equals(IInput? other) => other != null && ReferenceEquals(source, other.Source) && position == other.Position;

        public override bool Equals(object? obj) => obj is IInput other && Equals(other);

        public override int GetHashCode() => HashCode.Combine(source, position);

        public override string ToString() => $"Line {line}, Column {column}";
    }
}
