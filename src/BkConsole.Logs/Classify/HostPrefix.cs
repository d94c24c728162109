namespace BkConsole.Logs.Classify;

/// <summary>
/// Text that a host program put in front of the device's line and that rules should not see: MobaXterm's
/// <c>[2024-07-23 15:34:18]  </c>, <c>esphome logs</c>' <c>[22:02:20]</c> / <c>[22:02:20.123]</c>, tio's
/// <c>[2024-07-23T15:34:18.123]</c>, Tera Term's <c>[Tue Jul 23 15:34:18.123 2024]</c>, the Arduino/CoolTerm monitor's
/// <c>15:34:18.123 -> </c>, PlatformIO's <c>15:34:18.123 > </c>, SSCOM's receive marker
/// (<c>[15:34:18.123]收←◆</c>), and a FinSH prompt <c>msh /></c> that the next output was glued to. Returns where
/// matching starts.
/// </summary>
public static class HostPrefix
{
    public static int Skip(string text)
    {
        int i = 0;
        while (true)
        {
            int next = SkipOne(text, i);
            if (next == i) return i;
            i = next;
        }
    }

    private static int SkipOne(string s, int i)
    {
        if (i >= s.Length) return i;
        if (s[i] == '[')
        {
            int j = i + 1;
            // Tera Term: "[Tue Jul 23 15:34:18.123 2024] "
            if (TeraTerm(s, j) is int afterTeraTerm) return afterTeraTerm;
            // optional date yyyy-mm-dd and a space (or ISO 8601's T)
            if (Digits(s, j, 4) && At(s, j + 4, '-') && Digits(s, j + 5, 2) && At(s, j + 7, '-') && Digits(s, j + 8, 2)
                && (At(s, j + 10, ' ') || At(s, j + 10, 'T')))
                j += 11;
            j = Clock(s, j);
            if (j < 0 || !At(s, j, ']')) return i;
            j++;
            if (s.AsSpan(j).StartsWith(SscomReceived, StringComparison.Ordinal)) j += SscomReceived.Length;
            while (j < s.Length && s[j] == ' ') j++;
            return j;
        }
        if (char.IsAsciiDigit(s[i]))
        {
            // Arduino IDE / CoolTerm: "15:34:18.123 -> ", PlatformIO's time filter: "15:34:18.123 > "
            int j = Clock(s, i);
            if (j < 0) return i;
            if (s.AsSpan(j).StartsWith(" -> ", StringComparison.Ordinal)) return j + 4;
            if (s.AsSpan(j).StartsWith(" > ", StringComparison.Ordinal)) return j + 3;
            return i;
        }
        if (s[i] == 'm' && s.AsSpan(i).StartsWith("msh />", StringComparison.Ordinal))
        {
            int j = i + 6;
            while (j < s.Length && s[j] == ' ') j++;
            return j == s.Length ? i : j; // a bare prompt stays a prompt
        }
        return i;
    }

    /// <summary>SSCOM (a serial tool common in Chinese guides) marks received text with this after its timestamp.</summary>
    private const string SscomReceived = "收←◆";

    /// <summary>After the <c>[</c>: <c>Ddd Mmm d hh:mm:ss[.fff] yyyy]</c> and spaces → the index after them, else null.</summary>
    private static int? TeraTerm(string s, int j)
    {
        if (!(Letters(s, j, 3) && At(s, j + 3, ' ') && Letters(s, j + 4, 3) && At(s, j + 7, ' '))) return null;
        j += 8;
        while (At(s, j, ' ')) j++;
        int day = j;
        while (j < s.Length && char.IsAsciiDigit(s[j])) j++;
        if (j == day || j - day > 2 || !At(s, j, ' ')) return null;
        j = Clock(s, j + 1);
        if (j < 0 || !At(s, j, ' ') || !Digits(s, j + 1, 4) || !At(s, j + 5, ']')) return null;
        j += 6;
        while (j < s.Length && s[j] == ' ') j++;
        return j;
    }

    private static bool Letters(string s, int i, int n)
    {
        if (i + n > s.Length) return false;
        for (int k = i; k < i + n; k++)
            if (!char.IsAsciiLetter(s[k])) return false;
        return true;
    }

    /// <summary><c>hh:mm:ss</c> with an optional <c>.fff</c> / <c>,fff</c> at <paramref name="j"/>: the index after it, or -1.</summary>
    private static int Clock(string s, int j)
    {
        if (!(Digits(s, j, 2) && At(s, j + 2, ':') && Digits(s, j + 3, 2) && At(s, j + 5, ':') && Digits(s, j + 6, 2))) return -1;
        j += 8;
        if (At(s, j, '.') || At(s, j, ','))
        {
            int k = j + 1;
            while (k < s.Length && char.IsAsciiDigit(s[k])) k++;
            if (k == j + 1) return -1;
            j = k;
        }
        return j;
    }

    private static bool At(string s, int i, char c) => i < s.Length && s[i] == c;

    private static bool Digits(string s, int i, int n)
    {
        if (i + n > s.Length) return false;
        for (int k = i; k < i + n; k++)
            if (!char.IsAsciiDigit(s[k])) return false;
        return true;
    }
}
