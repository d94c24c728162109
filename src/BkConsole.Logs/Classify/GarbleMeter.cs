using System.Buffers;
using System.Globalization;

namespace BkConsole.Logs.Classify;

/// <summary>
/// Share of a line that is noise: U+FFFD (invalid bytes, control characters) and C1 controls. A line counts as
/// garbled from <see cref="Threshold"/> on, if it has at least <see cref="MinLength"/> visible characters.
/// </summary>
public static class GarbleMeter
{
    public const double Threshold = 0.3;
    public const int MinLength = 4;

    // IndexOfAnyExceptInRange(' ', '~') allocates 96 bytes per call on .NET 10; SearchValues allocates nothing
    private static readonly SearchValues<char> PrintableAscii = SearchValues.Create(" !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    /// <summary>Returns the ratio, or -1 when the line is too short or plain ASCII (the common case, checked first).</summary>
    public static double Ratio(ReadOnlySpan<char> text)
    {
        if (text.IndexOfAnyExcept(PrintableAscii) < 0) return -1;
        int visible = 0, bad = 0;
        foreach (var c in text)
        {
            if (c == ' ' || c == '\t') continue;
            visible++;
            if (c == '\uFFFD' || (c >= '\u0080' && c <= '\u009F') || c < ' ') bad++;
        }
        return visible < MinLength ? -1 : (double)bad / visible;
    }

    public static string Format(double ratio) => ratio.ToString("0.00", CultureInfo.InvariantCulture);
}
