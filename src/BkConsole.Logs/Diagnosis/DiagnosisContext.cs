using BkConsole.Core.Diagnosis;
using BkConsole.Core.Events;

namespace BkConsole.Logs.Diagnosis;

/// <summary>One diagnosis run: the boots (as views), the catalog, and the live/incremental settings.</summary>
public sealed class DiagnosisContext
{
    public DiagnosisContext(DiagnosisInput input, FindingCatalog catalog, IReadOnlyList<BootView> boots)
    {
        Input = input;
        Catalog = catalog;
        Boots = boots;
    }

    public DiagnosisInput Input { get; }

    public FindingCatalog Catalog { get; }

    /// <summary>The boots looked at, in order (may start before <see cref="DiagnosisInput.FirstBoot"/> for context).</summary>
    public IReadOnlyList<BootView> Boots { get; }

    public BootView? Previous(BootView b) => b.Position > 0 ? Boots[b.Position - 1] : null;

    public BootView? Next(BootView b) => b.Position + 1 < Boots.Count ? Boots[b.Position + 1] : null;

    public bool IsLast(BootView b) => b.Position == Boots.Count - 1;

    /// <summary>Whether a finding about boot <paramref name="index"/> should be reported in this run.</summary>
    public bool Reports(int index) => index >= Input.FirstBoot;

    /// <summary>
    /// True while the last boot of a live capture may still be printing: "nothing followed" cannot be concluded yet.
    /// </summary>
    public bool IsOpen(BootView b)
    {
        if (!Input.Live || !IsLast(b)) return false;
        var end = b.Record.End;
        var now = Input.Now ?? DateTimeOffset.Now;
        return end == null || now - end.Value < Input.QuietTime;
    }

    public Finding Make(string id, BootView boot, IEnumerable<LogEvent> evidence, IReadOnlyDictionary<string, string>? values = null,
        Severity? severity = null) =>
        Catalog.Get(id).Create(boot.Index, Evidence(evidence), values, severity);

    public Finding Make(string id, BootView boot, IReadOnlyList<FindingEvidence> evidence,
        IReadOnlyDictionary<string, string>? values = null, Severity? severity = null) =>
        Catalog.Get(id).Create(boot.Index, evidence, values, severity);

    public static IReadOnlyList<FindingEvidence> Evidence(IEnumerable<LogEvent> events) =>
        events.DistinctBy(e => (e.LineNo, e.Kind)).OrderBy(e => e.LineNo).Select(e => new FindingEvidence(e.LineNo, e.Kind, e.Text)).ToList();
}
