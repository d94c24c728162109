using System.Text;
using BkConsole.Core.Diagnosis;
using BkConsole.Core.Events;

namespace BkConsole.Logs.Diagnosis;

/// <summary>
/// One section of a findings file: the wording of a finding id, and for data rules the condition that raises it.
/// Texts may hold <c>{name}</c> placeholders that the raising rule fills in.
/// </summary>
public sealed record FindingTemplate(
    string Id,
    Severity Severity,
    bool Benign,
    string Title,
    string Explanation,
    string Advice)
{
    public FindingCondition? When { get; init; }

    public FindingCondition? Unless { get; init; }

    /// <summary>Data rules: events of the <see cref="When"/> kinds whose text contains one of these (case-insensitive)
    /// do not count — a guard against a rule that matched too much (e.g. "deauth failed" for "auth failed").</summary>
    public IReadOnlyList<string> ExceptText { get; init; } = [];

    /// <summary>True when the event counts for this data rule (see <see cref="ExceptText"/>).</summary>
    public bool Counts(LogEvent e)
    {
        foreach (var t in ExceptText)
            if (e.Text.Contains(t, StringComparison.OrdinalIgnoreCase)) return false;
        return true;
    }

    /// <summary>True when the finding is raised at most once per capture (on its first matching boot).</summary>
    public bool CaptureScope { get; init; }

    /// <summary>Where the section was read from (<c>file:line</c>), for error messages and "why".</summary>
    public string? Origin { get; init; }

    public bool IsDataRule => When != null;

    public Finding Create(int boot, IReadOnlyList<FindingEvidence> evidence, IReadOnlyDictionary<string, string>? values = null,
        Severity? severity = null) =>
        new(Id, severity ?? Severity, Fill(Title, values), Fill(Explanation, values), evidence, Fill(Advice, values), boot)
        {
            Benign = Benign,
        };

    /// <summary>Replace <c>{name}</c> by its value; unknown names are left as they are, so a gap is visible.</summary>
    public static string Fill(string text, IReadOnlyDictionary<string, string>? values)
    {
        if (values == null || values.Count == 0 || text.IndexOf('{') < 0) return text;
        var sb = new StringBuilder(text.Length + 32);
        int i = 0;
        while (i < text.Length)
        {
            int open = text.IndexOf('{', i);
            if (open < 0) { sb.Append(text, i, text.Length - i); break; }
            int close = text.IndexOf('}', open + 1);
            if (close < 0) { sb.Append(text, i, text.Length - i); break; }
            sb.Append(text, i, open - i);
            var name = text.Substring(open + 1, close - open - 1);
            if (values.TryGetValue(name, out var v)) sb.Append(v);
            else sb.Append(text, open, close - open + 1);
            i = close + 1;
        }
        return sb.ToString();
    }
}
