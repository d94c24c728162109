using System.Text.RegularExpressions;
using BkConsole.Core.Errors;

namespace BkConsole.Tui.Session;

/// <summary>A regex search over the scrollback: next / previous match from a position, among the visible lines.</summary>
public sealed class ScrollbackSearch
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(200);

    private ScrollbackSearch(Regex regex, string pattern)
    {
        Regex = regex;
        Pattern = pattern;
    }

    public Regex Regex { get; }

    public string Pattern { get; }

    /// <summary>Compiles the user's pattern (case-insensitive unless it has an upper-case letter, like less/vim smartcase).</summary>
    public static ScrollbackSearch Create(string pattern)
    {
        var options = RegexOptions.CultureInvariant;
        if (!pattern.Any(char.IsUpper)) options |= RegexOptions.IgnoreCase;
        try
        {
            return new ScrollbackSearch(new Regex(pattern, options, MatchTimeout), pattern);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException($"not a valid regular expression: {pattern}", ex.Message);
        }
    }

    public bool IsMatch(ScrollLine line)
    {
        try { return Regex.IsMatch(line.Text); }
        catch (RegexMatchTimeoutException) { return false; }
    }

    /// <summary>
    /// The index of the next (or previous) matching line after (before) <paramref name="from"/> among lines the
    /// filter shows, wrapping around once; null when nothing matches.
    /// </summary>
    public int? Find(Scrollback lines, int from, bool forward, LogFilter filter)
    {
        int n = lines.Count;
        if (n == 0) return null;
        for (int step = 1; step <= n; step++)
        {
            int i = forward ? from + step : from - step;
            i = ((i % n) + n) % n;
            var line = lines[i];
            if (filter.Shows(line) && IsMatch(line)) return i;
        }
        return null;
    }
}
