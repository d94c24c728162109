using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BkConsole.Logs.Classify;

/// <summary>
/// Finds which of a set of lower-case ASCII literals occur in a text, ignoring case, in one pass (single characters,
/// only ones rare in logs such as <c>|</c>, are found by one vectorized search beside it). At each position a hash of the next three characters, case-folded, indexes a 4 KiB bit table of the longer
/// literals' first three characters, and the next two index a 2 KiB bit table of the two-character literals; most
/// positions stop there. Where a bit is set, the literals behind it are compared. The tables stay in the first-level
/// cache and the positions do not depend on each other, so a line costs
/// little more than a load per character. Besides ASCII case, the Kelvin sign and the long s fold to k and s, as in a
/// case-insensitive regex. Immutable, shared.
/// </summary>
internal sealed class LiteralScanner
{
    public const int MinLength = 2;

    /// <summary>Single characters the scanner looks for: punctuation rare enough in log lines to key a rule on.</summary>
    public const string RareSingles = "|#@${}~^`";

    private const int HashBits = 15;
    private const int PairBits = 14;

    private static readonly byte[] Fold = BuildFold();

    private readonly ulong[] _bits = new ulong[(1 << HashBits) / 64];
    private readonly int[] _before = new int[(1 << HashBits) / 64];
    private readonly (int Id, string Literal)[][] _entries;
    private readonly ulong[] _pairBits = new ulong[(1 << PairBits) / 64];
    private readonly Dictionary<int, int[]> _pairs = new();
    private readonly int[][] _singles = new int[128][];
    private readonly SearchValues<char>? _singleValues;

    public LiteralScanner(IReadOnlyList<string> literals)
    {
        var byHash = new Dictionary<int, List<(int, string)>>();
        for (int id = 0; id < literals.Count; id++)
        {
            var lit = literals[id];
            if (lit.Length == 1 && RareSingles.Contains(lit[0]))
            {
                _singles[lit[0]] = _singles[lit[0]] is { } same ? [.. same, id] : [id];
                continue;
            }
            if (lit.Length < MinLength) throw new ArgumentException($"literal '{lit}' is shorter than {MinLength} characters and not one of {RareSingles}", nameof(literals));
            foreach (var c in lit)
                if (c == 0 || c >= 128 || Fold[c] != c) throw new ArgumentException($"literal '{lit}' is not lower-case ASCII", nameof(literals));
            if (lit.Length == 2)
            {
                int pair = Pair(lit[0], lit[1]);
                _pairBits[pair >> 6] |= 1UL << pair;
                _pairs[pair] = _pairs.TryGetValue(pair, out var ids) ? [.. ids, id] : [id];
                continue;
            }
            int key = Hash(lit[0], lit[1], lit[2]);
            if (!byHash.TryGetValue(key, out var list)) byHash[key] = list = new();
            list.Add((id, lit));
        }
        foreach (var key in byHash.Keys) _bits[key >> 6] |= 1UL << key;
        int n = 0;
        for (int w = 0; w < _bits.Length; w++)
        {
            _before[w] = n;
            n += BitOperations.PopCount(_bits[w]);
        }
        _entries = new (int, string)[n][];
        foreach (var (key, list) in byHash) _entries[Slot(key)] = list.ToArray();
        var singles = Enumerable.Range(0, 128).Where(c => _singles[c] != null).Select(c => (char)c).ToArray();
        if (singles.Length > 0) _singleValues = SearchValues.Create(singles);
        Count = literals.Count;
    }

    public int Count { get; }

    /// <summary>
    /// Adds to <paramref name="found"/> each literal that occurs in <paramref name="text"/> and whose
    /// <paramref name="seen"/> entry is not yet <paramref name="stamp"/> (and sets it), so each literal is reported once.
    /// </summary>
    public void Scan(ReadOnlySpan<char> text, int[] seen, int stamp, List<int> found)
    {
        if (_singleValues != null) ScanSingles(text, seen, stamp, found);
        int n = text.Length;
        if (n < MinLength) return;
        // the hot loop reads the tables without bounds checks: a hash is below 2^HashBits and a pair below 2^PairBits
        // by construction (characters fold to 0..127)
        ref ulong bits = ref MemoryMarshal.GetArrayDataReference(_bits);
        ref ulong pairBits = ref MemoryMarshal.GetArrayDataReference(_pairBits);
        ref char chars = ref MemoryMarshal.GetReference(text);
        int a = 0, b = FoldChar(chars);
        for (int i = 1; i < n; i++)
        {
            int c = FoldChar(Unsafe.Add(ref chars, i));
            int pair = Pair(b, c);
            if ((Unsafe.Add(ref pairBits, pair >> 6) & (1UL << pair)) != 0 && c != 0 && b != 0) PairHit(pair, seen, stamp, found);
            int key = Hash(a, b, c);
            if ((Unsafe.Add(ref bits, key >> 6) & (1UL << key)) != 0 && c != 0 && i >= 2) Hit(text, i - 2, key, seen, stamp, found);
            a = b;
            b = c;
        }
    }

    private void ScanSingles(ReadOnlySpan<char> text, int[] seen, int stamp, List<int> found)
    {
        int at;
        while ((at = text.IndexOfAny(_singleValues!)) >= 0)
        {
            foreach (var id in _singles[text[at]])
            {
                if (seen[id] == stamp) continue;
                seen[id] = stamp;
                found.Add(id);
            }
            text = text[(at + 1)..];
        }
    }

    private void PairHit(int pair, int[] seen, int stamp, List<int> found)
    {
        foreach (var id in _pairs[pair])
        {
            if (seen[id] == stamp) continue;
            seen[id] = stamp;
            found.Add(id);
        }
    }

    private void Hit(ReadOnlySpan<char> text, int at, int key, int[] seen, int stamp, List<int> found)
    {
        foreach (var (id, lit) in _entries[Slot(key)])
        {
            if (seen[id] == stamp || !MatchesAt(text, at, lit)) continue;
            seen[id] = stamp;
            found.Add(id);
        }
    }

    private int Slot(int key) => _before[key >> 6] + BitOperations.PopCount(_bits[key >> 6] & ((1UL << key) - 1));

    private static bool MatchesAt(ReadOnlySpan<char> text, int at, string lit)
    {
        if (text.Length - at < lit.Length) return false;
        for (int j = 0; j < lit.Length; j++)
            if (FoldChar(text[at + j]) != lit[j]) return false;
        return true;
    }

    private static int Pair(int a, int b) => (a << 7) | b;

    /// <summary>Three 7-bit characters to <see cref="HashBits"/> bits.</summary>
    private static int Hash(int a, int b, int c) => ((a << 8) ^ (b << 4) ^ c ^ (b << 11)) & ((1 << HashBits) - 1);

    /// <summary>Lower-case ASCII for ASCII, k and s for the Kelvin sign and the long s, 0 for anything else.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FoldChar(char c) => c < 128 ? Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Fold), c) : FoldNonAscii(c);

    private static int FoldNonAscii(char c) => c == '\u212A' ? 'k' : c == '\u017F' ? 's' : 0;

    private static byte[] BuildFold()
    {
        var fold = new byte[128];
        for (int c = 1; c < 128; c++) fold[c] = (byte)(c is >= 'A' and <= 'Z' ? c + 32 : c);
        return fold;
    }
}
