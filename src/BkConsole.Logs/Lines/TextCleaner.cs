using System.Buffers;
using System.Numerics;
using System.Text;

namespace BkConsole.Logs.Lines;

/// <summary>
/// Turns the bytes of one line into the text used for matching and display: UTF-8 decoded leniently (invalid bytes
/// become U+FFFD), ANSI escape sequences removed — real ones (<c>ESC[32;22m</c>), ones whose ESC byte was lost in a
/// web copy (<c>[32;22m</c>, <c>[0m</c>) and ones written out as text (<c>\x1B[32;22m</c>) — NUL, CR, LF and DEL
/// dropped, and any other control character replaced by U+FFFD (so that noise counts as garble).
/// </summary>
public static class TextCleaner
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    // Bytes that always force the slow path: controls, DEL, non-ASCII.
    private static readonly SearchValues<byte> Special = SearchValues.Create(BuildSpecial());

    // Bytes that may start something to remove in plain ASCII: '[' (a colour code that lost its ESC), '\\' (an
    // escape written out as text).
    private static readonly SearchValues<byte> MaybeCode = SearchValues.Create("[\\"u8);

    private static byte[] BuildSpecial()
    {
        var list = new List<byte>();
        for (int b = 0; b < 0x20; b++) list.Add((byte)b);
        for (int b = 0x7F; b < 0x100; b++) list.Add((byte)b);
        return list.ToArray();
    }

    /// <summary>Decodes and cleans <paramref name="bytes"/> (the line without its terminator).</summary>
    public static string Clean(ReadOnlySpan<byte> bytes, out bool hadAnsi)
    {
        hadAnsi = false;
        if (bytes.IsEmpty) return "";
        if (bytes.IndexOfAny(Special) < 0 && !MayHoldCode(bytes)) return Encoding.ASCII.GetString(bytes);
        var decoded = Utf8.GetString(bytes);
        return CleanText(decoded, out hadAnsi);
    }

    /// <summary>
    /// Whether plain ASCII holds a colour code that lost its ESC (<c>[32;22m</c>, as <see cref="RemnantLength"/>
    /// reads it) or a backslash (maybe an escape written out as text). Most '[' in logs open a tag (<c>[I/FAL]</c>,
    /// <c>[01-01 00:00:01 TUYA D]</c>): those lines stay on the fast path.
    /// </summary>
    private static bool MayHoldCode(ReadOnlySpan<byte> bytes)
    {
        int at;
        while ((at = bytes.IndexOfAny(MaybeCode)) >= 0)
        {
            if (bytes[at] == (byte)'\\' || RemnantLength(bytes, at) > 0) return true;
            bytes = bytes[(at + 1)..];
        }
        return false;
    }

    /// <summary>Cleans already decoded text (see the type summary).</summary>
    public static string CleanText(string s, out bool hadAnsi)
    {
        hadAnsi = false;
        StringBuilder? sb = null;
        int copied = 0;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            int skip = 0;
            char? replacement = null;
            if (c == '\u001b')
            {
                skip = EscapeLength(s, i);
                hadAnsi = true;
            }
            else if (c == '[')
            {
                skip = RemnantLength(s.AsSpan(), i);
                if (skip > 0) hadAnsi = true;
            }
            else if (c == '\\')
            {
                skip = TextEscapeLength(s, i);
                if (skip > 0) hadAnsi = true;
            }
            else if (c is '\0' or '\r' or '\n' or '\u007f')
            {
                skip = 1;
            }
            else if (c < ' ' && c != '\t')
            {
                skip = 1;
                replacement = '\uFFFD';
            }
            if (skip == 0) continue;
            sb ??= new StringBuilder(s.Length);
            sb.Append(s, copied, i - copied);
            if (replacement is { } r) sb.Append(r);
            i += skip - 1;
            copied = i + 1;
        }
        if (sb == null) return s;
        sb.Append(s, copied, s.Length - copied);
        return sb.ToString();
    }

    /// <summary>Length of an escape sequence starting with a real ESC at <paramref name="i"/>.</summary>
    private static int EscapeLength(string s, int i)
    {
        int j = i + 1;
        if (j >= s.Length) return 1;
        if (s[j] == '[')
        {
            j++;
            while (j < s.Length && s[j] >= 0x30 && s[j] <= 0x3F) j++;
            while (j < s.Length && s[j] >= 0x20 && s[j] <= 0x2F) j++;
            if (j < s.Length && s[j] >= 0x40 && s[j] <= 0x7E) j++;
            return j - i;
        }
        if (s[j] >= 0x40 && s[j] <= 0x5F) return 2;
        return 1;
    }

    /// <summary>
    /// A colour code whose ESC was lost, at the '[' at <paramref name="i"/>: <c>[</c> digits (<c>;</c> digits)* <c>m</c>,
    /// at most 3 digits each. Read from decoded text and, for the fast path's test, from the raw bytes.
    /// </summary>
    private static int RemnantLength<T>(ReadOnlySpan<T> s, int i) where T : IBinaryInteger<T>
    {
        int j = i + 1;
        while (true)
        {
            int start = j;
            while (j < s.Length && j - start < 3 && char.IsAsciiDigit((char)int.CreateTruncating(s[j]))) j++;
            if (j == start) return 0;
            if (j < s.Length && int.CreateTruncating(s[j]) == ';') { j++; continue; }
            if (j < s.Length && int.CreateTruncating(s[j]) == 'm') return j + 1 - i;
            return 0;
        }
    }

    /// <summary>An escape written out as text: <c>\x1B[…m</c>, <c>\e[…m</c> or <c>\033[…m</c>.</summary>
    private static int TextEscapeLength(string s, int i)
    {
        int j;
        var rest = s.AsSpan(i);
        if (rest.StartsWith("\\x1b[", StringComparison.OrdinalIgnoreCase)) j = i + 4;
        else if (rest.StartsWith("\\033[", StringComparison.Ordinal)) j = i + 4;
        else if (rest.StartsWith("\\e[", StringComparison.Ordinal)) j = i + 2;
        else return 0;
        int remnant = RemnantLength(s.AsSpan(), j);
        return remnant == 0 ? 0 : j - i + remnant;
    }
}
