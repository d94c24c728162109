using BkConsole.Core.Diagnosis;
using BkConsole.Core.Events;
using BkConsole.Logs.Diagnosis.Rules;

namespace BkConsole.Logs.Diagnosis;

/// <summary>
/// Runs the data rules of the findings catalog and the code rules over the boots of a capture and returns the
/// findings ordered by boot and line. Stateless and cheap: the live TUI re-runs it with
/// <see cref="DiagnosisInput.FirstBoot"/> set to the last few boots.
/// </summary>
public sealed class DiagnosisEngine
{
    /// <summary>Boots before <see cref="DiagnosisInput.FirstBoot"/> still looked at (loops need neighbours).</summary>
    public const int ContextBoots = 6;

    private readonly IReadOnlyList<IDiagnosisRule> _rules;

    public DiagnosisEngine(FindingCatalog catalog, IEnumerable<IDiagnosisRule>? rules = null)
    {
        Catalog = catalog;
        _rules = rules?.ToList() ?? DefaultRules();
    }

    public static DiagnosisEngine Default { get; } = new(FindingCatalog.BuiltIn);

    public FindingCatalog Catalog { get; }

    public IReadOnlyList<IDiagnosisRule> Rules => _rules;

    public static IReadOnlyList<IDiagnosisRule> DefaultRules() =>
        [new OtaRules(), new AppStartRules(), new CrashRules(), new ResetRules(), new LinkRules()];

    /// <summary>Every finding id this engine can raise (data and code rules).</summary>
    public IEnumerable<string> Ids => Catalog.DataRules.Select(t => t.Id).Concat(_rules.SelectMany(r => r.Ids)).Distinct();

    public IReadOnlyList<Finding> Diagnose(DiagnosisInput input)
    {
        var source = input.Boots;
        if (source.Count == 0 && input.LineCount > 0)
            source = [new BootData(new BootRecord(1, 1, input.LineCount, null, null, null, null, 0), [])];
        int from = 0;
        if (input.FirstBoot > 0)
        {
            while (from < source.Count && source[from].Record.Index < input.FirstBoot) from++;
            from = Math.Max(0, from - ContextBoots);
        }
        var views = new List<BootView>(source.Count - from);
        for (int i = from; i < source.Count; i++) views.Add(new BootView(source[i], i - from, input.LineText));
        var ctx = new DiagnosisContext(input, Catalog, views);

        var findings = new List<Finding>();
        findings.AddRange(DataRules(ctx));
        foreach (var rule in _rules) findings.AddRange(rule.Evaluate(ctx));
        return findings
            .Where(f => ctx.Reports(f.Boot))
            .OrderBy(f => f.Boot).ThenBy(f => f.FirstLine).ThenByDescending(f => f.Severity).ThenBy(f => f.Id, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Convenience: diagnose boots and events as the pipeline produces them.</summary>
    public IReadOnlyList<Finding> Diagnose(IReadOnlyList<BootRecord> boots, IReadOnlyList<LogEvent> events, IReadOnlyList<string>? lines = null) =>
        Diagnose(DiagnosisInput.From(boots, events, lines));

    private static IEnumerable<Finding> DataRules(DiagnosisContext ctx)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in ctx.Catalog.DataRules)
        {
            foreach (var b in ctx.Boots)
            {
                if (!ctx.Reports(b.Index) || !t.When!.Matches(b)) continue;
                if (t.Unless != null && t.Unless.Matches(b)) continue;
                var counted = t.When.Kinds.Select(k => b.OfKind(k).Where(t.Counts).ToList()).ToList();
                if (t.When.All ? counted.Any(c => c.Count == 0) : counted.All(c => c.Count == 0)) continue;
                if (t.CaptureScope && !seen.Add(t.Id)) break;
                var evidence = counted.SelectMany(c => c).OrderBy(e => e.LineNo).Take(5);
                yield return t.Create(b.Index, DiagnosisContext.Evidence(evidence));
            }
        }
    }
}
