using System.Globalization;
using BkConsole.Core.Diagnosis;

namespace BkConsole.Logs.Diagnosis.Rules;

/// <summary>Wrong baud rate: most of a boot's text is garbage.</summary>
public sealed class LinkRules : IDiagnosisRule
{
    /// <summary>A line counts as garbage when this share of its characters is unprintable/replacement.</summary>
    public const double LineGarbageRatio = 0.3;

    /// <summary>The finding needs this share of garbage lines among non-blank lines...</summary>
    public const double BootGarbageShare = 0.5;

    /// <summary>...and at least this many garbage lines.</summary>
    public const int MinGarbageLines = 5;

    /// <summary>By characters (a wrong rate often yields few, long lines): this share of garbage characters...</summary>
    public const double CharGarbageShare = 0.25;

    /// <summary>...and at least this many of them.</summary>
    public const int MinGarbageChars = 64;

    public IReadOnlyList<string> Ids { get; } = ["link.wrong_baud"];

    public IEnumerable<Finding> Evaluate(DiagnosisContext ctx)
    {
        foreach (var b in ctx.Boots)
        {
            if (!ctx.Reports(b.Index)) continue;
            var garbled = new List<FindingEvidence>();
            int total = 0, badChars = 0, chars = 0;
            if (b.HasLines)
            {
                var flagged = b.OfKind("line.garbled").Select(e => e.LineNo).ToHashSet();
                foreach (var (n, t) in b.NonBlankLinesAfter(b.Record.FirstLine - 1))
                {
                    total++;
                    var (bad, counted) = BootFacts.GarbageCount(t);
                    badChars += bad;
                    chars += counted;
                    if (BootFacts.GarbageRatio(t) >= LineGarbageRatio || flagged.Contains(n))
                        garbled.Add(new FindingEvidence(n, "line.garbled", null));
                }
            }
            else
            {
                foreach (var e in b.OfKind("line.garbled")) garbled.Add(new FindingEvidence(e.LineNo, e.Kind, e.Text));
                total = Math.Max(b.Events.Select(e => e.LineNo).Distinct().Count(), b.Record.LastLine - b.Record.FirstLine + 1);
            }
            bool byLines = garbled.Count >= MinGarbageLines && total > 0 && (double)garbled.Count / total >= BootGarbageShare;
            bool byChars = badChars >= MinGarbageChars && chars > 0 && (double)badChars / chars >= CharGarbageShare;
            if (!byLines && !byChars) continue;
            double share = byLines ? (double)garbled.Count / total : (double)badChars / chars;
            var values = new Dictionary<string, string>
            {
                ["ratio"] = share.ToString("P0", CultureInfo.InvariantCulture),
                ["detail"] = byLines
                    ? $"{garbled.Count} of {total} lines in boot {b.Index} are mostly unprintable or replacement characters."
                    : $"{badChars} of {chars} characters in boot {b.Index} are unprintable or replacement characters.",
                ["garbled"] = garbled.Count.ToString(CultureInfo.InvariantCulture),
                ["total"] = total.ToString(CultureInfo.InvariantCulture),
                ["boot"] = b.Index.ToString(CultureInfo.InvariantCulture),
            };
            yield return ctx.Make("link.wrong_baud", b, garbled.Take(5).ToList(), values);
        }
    }
}
