using BkConsole.Core.Events;

namespace BkConsole.Logs.Diagnosis;

/// <summary>
/// What the engine diagnoses: the boots of one capture with their events. <see cref="LineText"/> (1-based line
/// number → decoded text) lets rules look at lines no grammar classified (app output after a jump, garbage, the last
/// line before a reset); without it they judge from events alone. <see cref="Live"/> marks a capture still being
/// received: end-of-capture rules then wait until the last boot has been quiet for <see cref="QuietTime"/>.
/// <see cref="FirstBoot"/> limits the findings to boots from that index on (neighbours are still looked at), which
/// is how the live TUI re-runs the diagnosis cheaply on the current and last boots.
/// </summary>
public sealed record DiagnosisInput(IReadOnlyList<BootData> Boots)
{
    public Func<int, string?>? LineText { get; init; }

    /// <summary>Number of lines in the capture (for a capture the boot splitter found no boot in).</summary>
    public int LineCount { get; init; }

    public bool Live { get; init; }

    public DateTimeOffset? Now { get; init; }

    public TimeSpan QuietTime { get; init; } = TimeSpan.FromSeconds(5);

    public int FirstBoot { get; init; }

    /// <summary>Groups <paramref name="events"/> by their <see cref="LogEvent.Boot"/> index onto <paramref name="boots"/>.
    /// Events of boot 0 (before the first boot) go to a boot 0 record of their own.</summary>
    public static DiagnosisInput From(IReadOnlyList<BootRecord> boots, IReadOnlyList<LogEvent> events,
        IReadOnlyList<string>? lines = null)
    {
        var byBoot = new Dictionary<int, List<LogEvent>>();
        foreach (var e in events)
        {
            if (!byBoot.TryGetValue(e.Boot, out var list)) byBoot[e.Boot] = list = [];
            list.Add(e);
        }
        var result = new List<BootData>(boots.Count + 1);
        if (byBoot.TryGetValue(0, out var orphans) && !boots.Any(b => b.Index == 0))
        {
            int last = orphans.Max(e => e.LineNo);
            result.Add(new BootData(new BootRecord(0, orphans.Min(e => e.LineNo), last, null, null, null, null, orphans.Count), orphans));
        }
        foreach (var b in boots.OrderBy(b => b.Index))
            result.Add(new BootData(b, byBoot.TryGetValue(b.Index, out var l) ? l : []));
        return new DiagnosisInput(result)
        {
            LineText = lines == null ? null : n => n >= 1 && n <= lines.Count ? lines[n - 1] : null,
            LineCount = lines?.Count ?? 0,
        };
    }
}
