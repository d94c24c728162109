using System.Numerics;

namespace BkConsole.Logs.Classify;

/// <summary>
/// Finds which of a set of lower-case ASCII literals (two characters or more) occur in a text, ignoring case, in one
/// pass. At each position the next characters, case-folded, index two small bit tables: one of the two-character
/// literals, one of a hash of the first three characters of the longer ones. Only where a bit is set are the literals
/// behind it compared. The tables (6 KiB) stay in the first-level cache and the positions do not depend on each
/// other, so a line costs little more than a load per character. Besides ASCII case, the Kelvin sign and the long s
/// fold to k and s, as in a case-insensitive regex. Immutable, shared.
/// </summary>
internal sealed class LiteralScanner
{
    private const int PairBits = 14;   // two 7-bit characters
    private const int TripleBits = 15; // a hash of three

    private static readonly byte[] Fold = BuildFold();

    private readonly Table _pairs = new(PairBits);
    private readonly Table _triples = new(TripleBits);

    public LiteralScanner(IReadOnlyList<string> literals)
    {
        var pairs = new Dictionary<int, List<(int, string)>>();
        var triples = new Dictionary<int, List<(int, string)>>();
        for (int id = 0; id < literals.Count; id++)
        {
            var lit = literals[id];
            if (lit.Length < 2) throw new ArgumentException($"literal '{lit}' is shorter than two characters", nameof(literals));
            foreach (var c in lit)
                if (c == 0 || c >= 128 || Fold[c] != c) throw new ArgumentException($"literal '{lit}' is not lower-case ASCII", nameof(literals));
            var (map, key) = lit.Length == 2 ? (pairs, Pair(lit[0], lit[1])) : (triples, Triple(lit[0], lit[1], lit[2]));
            if (!map.TryGetValue(key, out var list)) map[key] = list = new();
            list.Add((id, lit));
        }
        _pairs.Fill(pairs);
        _triples.Fill(triples);
        Count = literals.Count;
    }

    public int Count { get; }

    /// <summary>
    /// Adds to <paramref name="found"/> each literal that occurs in <paramref name="text"/> and whose
    /// <paramref name="seen"/> entry is not yet <paramref name="stamp"/> (and sets it), so each literal is reported once.
    /// </summary>
    public void Scan(ReadOnlySpan<char> text, int[] seen, int stamp, List<int> found)
    {
        if (text.Length < 2) return;
        int a = FoldChar(text[0]);
        int b = FoldChar(text[1]);
        for (int i = 0; i < text.Length - 1; i++)
        {
            int c = i + 2 < text.Length ? FoldChar(text[i + 2]) : 0;
            if (_pairs.Has(Pair(a, b))) Check(_pairs, Pair(a, b), text, i, seen, stamp, found);
            if (c != 0 && _triples.Has(Triple(a, b, c))) Check(_triples, Triple(a, b, c), text, i, seen, stamp, found);
            a = b;
            b = c;
        }
    }

    private static void Check(Table table, int key, ReadOnlySpan<char> text, int at, int[] seen, int stamp, List<int> found)
    {
        foreach (var (id, lit) in table.At(key))
        {
            if (seen[id] == stamp || !MatchesAt(text, at, lit)) continue;
            seen[id] = stamp;
            found.Add(id);
        }
    }

    private static bool MatchesAt(ReadOnlySpan<char> text, int at, string lit)
    {
        if (text.Length - at < lit.Length) return false;
        for (int j = 0; j < lit.Length; j++)
            if (FoldChar(text[at + j]) != lit[j]) return false;
        return true;
    }

    private static int Pair(int a, int b) => (a << 7) | b;

    private static int Triple(int a, int b, int c) => ((a << 10) ^ (b << 5) ^ c ^ (a >> 2) << 12) & ((1 << TripleBits) - 1);

    /// <summary>Lower-case ASCII for ASCII, k and s for the Kelvin sign and the long s, 0 for anything else.</summary>
    private static int FoldChar(char c) => c < 128 ? Fold[c] : c == '\u212A' ? 'k' : c == '\u017F' ? 's' : 0;

    private static byte[] BuildFold()
    {
        var fold = new byte[128];
        for (int c = 1; c < 128; c++) fold[c] = (byte)(c is >= 'A' and <= 'Z' ? c + 32 : c);
        return fold;
    }

    /// <summary>A bit per key, and the literals of each set bit (found by counting the set bits before it).</summary>
    private sealed class Table(int bits)
    {
        private readonly ulong[] _bits = new ulong[(1 << bits) / 64];
        private readonly int[] _before = new int[(1 << bits) / 64];
        private (int Id, string Literal)[][] _entries = [];

        public bool Has(int key) => (_bits[key >> 6] & (1UL << key)) != 0;

        public (int Id, string Literal)[] At(int key) =>
            _entries[_before[key >> 6] + BitOperations.PopCount(_bits[key >> 6] & ((1UL << key) - 1))];

        public void Fill(Dictionary<int, List<(int, string)>> map)
        {
            foreach (var key in map.Keys) _bits[key >> 6] |= 1UL << key;
            int n = 0;
            for (int w = 0; w < _bits.Length; w++)
            {
                _before[w] = n;
                n += BitOperations.PopCount(_bits[w]);
            }
            _entries = new (int, string)[n][];
            foreach (var (key, list) in map) _entries[_before[key >> 6] + BitOperations.PopCount(_bits[key >> 6] & ((1UL << key) - 1))] = list.ToArray();
        }
    }
}
