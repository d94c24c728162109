using System.Text;

namespace BkConsole.Logs.Pipeline;

/// <summary>
/// Groups lines no rule took by their shape: numbers become <c>#</c>, hex becomes <c>0x#</c>, runs of spaces one
/// space; so that the most frequent shapes can guide new rules (<c>parse --unparsed</c>).
/// </summary>
public sealed class UnparsedCounter
{
    /// <summary>Distinct shapes kept; further new shapes are counted in <see cref="Overflow"/> only.</summary>
    public const int MaxShapes = 20_000;

    private const int MaxShapeLength = 160;

    private readonly Dictionary<string, Entry> _shapes = new(StringComparer.Ordinal);

    public sealed class Entry(string shape, string example, int firstLine)
    {
        public string Shape { get; } = shape;
        public string Example { get; } = example;
        public int FirstLine { get; } = firstLine;
        public int Count { get; internal set; }
    }

    public long Overflow { get; private set; }

    public void Add(string text, int lineNo)
    {
        var shape = Normalise(text);
        if (shape.Length == 0) return;
        if (_shapes.TryGetValue(shape, out var e)) { e.Count++; return; }
        if (_shapes.Count >= MaxShapes) { Overflow++; return; }
        _shapes[shape] = new Entry(shape, text, lineNo) { Count = 1 };
    }

    public IReadOnlyList<Entry> Top(int n) =>
        _shapes.Values.OrderByDescending(e => e.Count).ThenBy(e => e.FirstLine).Take(n).ToList();

    public static string Normalise(string text)
    {
        var sb = new StringBuilder(Math.Min(text.Length, MaxShapeLength));
        int i = 0;
        var s = text.AsSpan().Trim();
        while (i < s.Length && sb.Length < MaxShapeLength)
        {
            char c = s[i];
            if (c == '0' && i + 1 < s.Length && (s[i + 1] == 'x' || s[i + 1] == 'X') && i + 2 < s.Length && char.IsAsciiHexDigit(s[i + 2]))
            {
                i += 2;
                while (i < s.Length && char.IsAsciiHexDigit(s[i])) i++;
                sb.Append("0x#");
                continue;
            }
            if (char.IsAsciiDigit(c))
            {
                while (i < s.Length && (char.IsAsciiDigit(s[i]) || (char.IsAsciiHexDigit(s[i]) && HexRun(s, i)))) i++;
                sb.Append('#');
                continue;
            }
            if (char.IsWhiteSpace(c))
            {
                while (i < s.Length && char.IsWhiteSpace(s[i])) i++;
                sb.Append(' ');
                continue;
            }
            sb.Append(c);
            i++;
        }
        return sb.ToString();
    }

    /// <summary>Inside a number, letters a-f continue it only if the run (to the next non-hex) holds a digit.</summary>
    private static bool HexRun(ReadOnlySpan<char> s, int i)
    {
        int j = i;
        while (j < s.Length && char.IsAsciiHexDigit(s[j])) j++;
        return j == s.Length || !char.IsAsciiLetter(s[j]);
    }
}
