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

    public IReadOnlyList<string> Ids { get; } = ["link.wrong_baud"];

    public IEnumerable<Finding> Evaluate(DiagnosisContext ctx)
    {
        foreach (var b in ctx.Boots)
        {
            if (!ctx.Reports(b.Index)) continue;
            var garbled = new List<FindingEvidence>();
            int total = 0;
            if (b.HasLines)
            {
                foreach (var (n, t) in b.NonBlankLinesAfter(b.Record.FirstLine - 1))
                {
                    total++;
                    if (BootFacts.GarbageRatio(t) >= LineGarbageRatio || b.OfKind("line.garbled").Any(e => e.LineNo == n))
                        garbled.Add(new FindingEvidence(n, "line.garbled", null));
                }
            }
            else
            {
                foreach (var e in b.OfKind("line.garbled")) garbled.Add(new FindingEvidence(e.LineNo, e.Kind, e.Text));
                total = Math.Max(b.Events.Select(e => e.LineNo).Distinct().Count(), b.Record.LastLine - b.Record.FirstLine + 1);
            }
            if (garbled.Count < MinGarbageLines || total == 0 || (double)garbled.Count / total < BootGarbageShare) continue;
            var values = new Dictionary<string, string>
            {
                ["ratio"] = ((double)garbled.Count / total).ToString("P0", CultureInfo.InvariantCulture),
                ["garbled"] = garbled.Count.ToString(CultureInfo.InvariantCulture),
                ["total"] = total.ToString(CultureInfo.InvariantCulture),
                ["boot"] = b.Index.ToString(CultureInfo.InvariantCulture),
            };
            yield return ctx.Make("link.wrong_baud", b, garbled.Take(5).ToList(), values);
        }
    }
}
