using BkConsole.Core.Events;

namespace BkConsole.Logs.Diagnosis;

/// <summary>One boot prepared for comparison: its record, events, and per-line host times (when known).</summary>
public sealed record BootSide(string Label, BootRecord Record, IReadOnlyList<LogEvent> Events, Func<int, DateTimeOffset?>? HostTime = null);

/// <summary>A value that differs between two boots (a record fact or an event field).</summary>
public sealed record DiffChange(string What, string? A, string? B, int? LineA, int? LineB);

/// <summary>An event kind present in only one boot, with how often and where it first appears.</summary>
public sealed record DiffKind(string Kind, int Count, int FirstLine, string Text);

/// <summary>Duration of one start-up phase on both sides: time when both ends have host times, else line counts.</summary>
public sealed record DiffPhase(string Phase, string? A, string? B);

/// <summary>
/// Two boots side by side: record facts and event fields that changed (versions, reset reason, addresses), event
/// kinds added or removed, and the time (or lines) spent per phase bootloader → app → Wi-Fi → cloud.
/// </summary>
public sealed record BootDiff(
    BootSide A,
    BootSide B,
    IReadOnlyList<DiffChange> Changes,
    IReadOnlyList<DiffKind> Added,
    IReadOnlyList<DiffKind> Removed,
    IReadOnlyList<DiffKind> CountChanged,
    IReadOnlyList<DiffPhase> Phases)
{
    /// <summary>Event kinds whose fields are compared (occurrence by occurrence) — identity, versions, addresses.</summary>
    private static readonly string[] ComparedFamilies =
        ["boot.", "sdk.", "rtthread.", "app.", "fal.", "ota.", "tuya.reset_reason", "reset.", "crash.", "wifi.", "power."];

    private static readonly string[] PhaseNames = ["bootloader", "app", "wifi", "cloud"];

    public static BootDiff Compare(BootSide a, BootSide b)
    {
        var changes = new List<DiffChange>();
        Fact(changes, "bootloader", a.Record.Bootloader, b.Record.Bootloader);
        Fact(changes, "firmware", a.Record.Firmware, b.Record.Firmware);
        Fact(changes, "jump", a.Record.Jump is { } ja ? $"0x{ja:x}" : null, b.Record.Jump is { } jb ? $"0x{jb:x}" : null);
        Fact(changes, "reset reason", a.Record.ResetReason, b.Record.ResetReason);

        var ka = a.Events.GroupBy(e => e.Kind).ToDictionary(g => g.Key, g => g.ToList());
        var kb = b.Events.GroupBy(e => e.Kind).ToDictionary(g => g.Key, g => g.ToList());
        var added = kb.Where(k => !ka.ContainsKey(k.Key)).Select(k => Kind(k.Value)).OrderBy(k => k.FirstLine).ToList();
        var removed = ka.Where(k => !kb.ContainsKey(k.Key)).Select(k => Kind(k.Value)).OrderBy(k => k.FirstLine).ToList();
        var counts = new List<DiffKind>();
        foreach (var (kind, la) in ka.OrderBy(k => k.Value[0].LineNo))
        {
            if (!kb.TryGetValue(kind, out var lb)) continue;
            if (la.Count != lb.Count) counts.Add(new DiffKind(kind, lb.Count - la.Count, lb[0].LineNo, $"{la.Count} → {lb.Count}"));
            if (!ComparedFamilies.Any(f => kind.StartsWith(f, StringComparison.Ordinal))) continue;
            for (int i = 0; i < Math.Min(la.Count, lb.Count) && i < 8; i++)
            {
                foreach (var name in la[i].Fields.Select(f => f.Name).Union(lb[i].Fields.Select(f => f.Name)))
                {
                    var va = la[i].Get(name);
                    var vb = lb[i].Get(name);
                    if (va != vb) changes.Add(new DiffChange($"{kind}.{name}" + (la.Count > 1 ? $"[{i + 1}]" : ""), va, vb, la[i].LineNo, lb[i].LineNo));
                }
            }
        }
        var pa = PhaseSpans(a);
        var pb = PhaseSpans(b);
        var phases = PhaseNames.Select((p, i) => new DiffPhase(p, pa[i], pb[i])).ToList();
        return new BootDiff(a, b, changes, added, removed, counts, phases);
    }

    private static void Fact(List<DiffChange> changes, string what, string? a, string? b)
    {
        if (a != b) changes.Add(new DiffChange(what, a, b, null, null));
    }

    private static DiffKind Kind(List<LogEvent> list) => new(list[0].Kind, list.Count, list[0].LineNo, list[0].Text.Trim());

    /// <summary>Phase boundaries: boot start → jump (bootloader) → first Wi-Fi event (app) → connected/got IP (wifi)
    /// → first MQTT/cloud success (cloud). A phase whose end is not in the log is null.</summary>
    private static string?[] PhaseSpans(BootSide s)
    {
        int start = s.Record.FirstLine;
        int? jump = s.Events.FirstOrDefault(e => e.Kind == "boot.jump")?.LineNo;
        int? wifiStart = s.Events.FirstOrDefault(e => e.Kind.StartsWith("wifi.", StringComparison.Ordinal))?.LineNo;
        int? wifiUp = s.Events.FirstOrDefault(e => e.Kind is "wifi.connected" or "wifi.got_ip")?.LineNo;
        int? cloud = s.Events.FirstOrDefault(e => e.Kind is "mqtt.connected" or "tuya.cloud_connected" or "cloud.connected")?.LineNo;
        int?[] marks = [start, jump, wifiStart, wifiUp, cloud];
        var result = new string?[4];
        for (int i = 0; i < 4; i++)
        {
            var from = marks[i];
            var to = marks[i + 1];
            string suffix = "";
            if (to == null && i == 1 && from != null) { to = s.Record.LastLine; suffix = " (to end of boot)"; }
            if (from == null || to == null || to < from) continue;
            result[i] = Span(s, from.Value, to.Value) + suffix;
        }
        return result;
    }

    private static string Span(BootSide s, int from, int to)
    {
        if (s.HostTime?.Invoke(from) is { } t0 && s.HostTime(to) is { } t1 && t1 > t0)
            return $"{(t1 - t0).TotalSeconds:0.000} s";
        return $"{to - from} lines";
    }
}
