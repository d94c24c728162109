using System.Globalization;
using BkConsole.Core.Diagnosis;
using BkConsole.Core.Events;

namespace BkConsole.Logs.Diagnosis.Rules;

/// <summary>
/// How boots end and follow each other: boot loops and crash loops, watchdog resets, silent resets (one: unexplained;
/// mid-line or repeated: brown-out suspected). Resets that belong to a loop are reported once, by the loop.
/// </summary>
public sealed class ResetRules : IDiagnosisRule
{
    /// <summary>Boots in a row (with unrequested resets between them) that make a loop.</summary>
    public const int LoopMinBoots = 3;

    /// <summary>A boot longer than this (when host times say so) is not "quick succession".</summary>
    public static readonly TimeSpan LoopMaxBootDuration = TimeSpan.FromMinutes(5);

    /// <summary>An app's own failed-boot counter at or above this value is a loop by itself.</summary>
    public const int CounterLoopThreshold = 3;

    public IReadOnlyList<string> Ids { get; } =
        ["boot.loop", "boot.crash_loop", "boot.watchdog_reset", "boot.unexplained_reset", "power.brownout_suspected"];

    private sealed record Reset(BootView Ended, BootView Next, ResetCause Cause, LogEvent? Evidence, bool MidLine, LogEvent? MidLineEvent);

    public IEnumerable<Finding> Evaluate(DiagnosisContext ctx)
    {
        var boots = ctx.Boots;
        var resets = new List<Reset>();
        for (int i = 0; i + 1 < boots.Count; i++)
        {
            var (cause, ev) = BootFacts.EndOf(boots[i], boots[i + 1]);
            bool cut = BootFacts.IsMidLineReset(boots[i + 1], boots[i], out var midEv);
            resets.Add(new Reset(boots[i], boots[i + 1], cause, ev, cut, midEv));
        }

        var findings = new List<Finding>();
        var inLoop = new HashSet<Reset>();
        foreach (var run in Loops(ctx, resets))
        {
            foreach (var r in run) inLoop.Add(r);
            findings.Add(LoopFinding(ctx, run));
        }
        var counted = CounterLoop(ctx, resets, inLoop);
        if (counted != null) findings.Add(counted);

        // Watchdog resets: between boots, or at the very end of the capture.
        foreach (var r in resets.Where(r => r.Cause == ResetCause.Watchdog && !inLoop.Contains(r)))
            findings.Add(Watchdog(ctx, r.Next, r.Evidence));
        if (boots.Count > 0)
        {
            var lastBoot = boots[^1];
            var (lastCause, lastEv) = BootFacts.EndOf(lastBoot, null);
            if (lastCause == ResetCause.Watchdog && lastEv != null) findings.Add(Watchdog(ctx, lastBoot, lastEv));
        }

        // A reset that cut a line in half points at the supply even inside a loop: those are reported here too.
        var silent = resets.Where(r => r.Cause == ResetCause.Silent && (!inLoop.Contains(r) || CutsText(r))).ToList();
        int mid = silent.Count(r => r.MidLine);
        if (mid > 0 || silent.Count >= 2) findings.Add(Brownout(ctx, silent));
        else if (silent.Count == 1) findings.Add(Unexplained(ctx, silent[0]));

        return findings.Where(f => ctx.Reports(f.Boot));
    }

    /// <summary>The reset cut a printed line (some text before the banner), not just a stray byte or two at power-up
    /// (the <c>€</c> before LibreTiny's banner in 29, a <c>ÿ</c>).</summary>
    private static bool CutsText(Reset r) =>
        r.MidLine && r.MidLineEvent?.Get("before") is { } before && before.Count(char.IsLetterOrDigit) >= 3;

    private static IEnumerable<List<Reset>> Loops(DiagnosisContext ctx, List<Reset> resets)
    {
        var run = new List<Reset>();
        foreach (var r in resets)
        {
            bool unrequested = r.Cause is ResetCause.Silent or ResetCause.Watchdog or ResetCause.Crash;
            if (unrequested && Quick(r.Ended)) { run.Add(r); continue; }
            if (run.Count + 1 >= LoopMinBoots) yield return run;
            run = [];
        }
        if (run.Count + 1 >= LoopMinBoots) yield return run;
    }

    private static bool Quick(BootView b) =>
        b.Record.Start is not { } s || b.Record.End is not { } e || e - s <= LoopMaxBootDuration;

    private static Finding LoopFinding(DiagnosisContext ctx, List<Reset> run)
    {
        var last = run[^1].Next;
        var crashes = run.Where(r => r.Cause == ResetCause.Crash).ToList();
        var evidence = new List<FindingEvidence>();
        var lastLines = new List<string>();
        foreach (var r in run)
        {
            var ll = r.Ended.LastLine();
            if (ll is { } l)
            {
                evidence.Add(new FindingEvidence(l.LineNo, r.Evidence?.Kind ?? "line", l.Text));
                lastLines.Add($"boot {r.Ended.Index}: \"{Clip(l.Text)}\" (line {l.LineNo})");
            }
            if (r.Evidence != null && r.Evidence.LineNo != ll?.LineNo)
                evidence.Add(new FindingEvidence(r.Evidence.LineNo, r.Evidence.Kind, r.Evidence.Text));
        }
        int boots = run.Count + 1;
        var values = new Dictionary<string, string>
        {
            ["count"] = boots.ToString(CultureInfo.InvariantCulture),
            ["span"] = Span(run),
            ["lastLines"] = string.Join("; ", lastLines),
        };
        if (crashes.Count >= 2)
        {
            var exceptions = crashes.Select(c => c.Ended.Last("crash.exception")?.Get("type") ?? c.Evidence?.Get("reason") ?? "exception")
                .Distinct().ToList();
            var addresses = crashes.Select(c =>
            {
                var regs = c.Ended.OfKind("crash.registers").LastOrDefault(r => r.Get("pc") != null); // not the CPSR line's event
                return regs == null ? null : $"PC {regs.Get("pc")}, LR {regs.Get("lr")}";
            }).OfType<string>().Distinct().ToList();
            values["exception"] = string.Join(", ", exceptions).Replace('_', ' ');
            values["count"] = crashes.Count.ToString(CultureInfo.InvariantCulture);
            values["addresses"] = addresses.Count > 0 ? string.Join("; ", addresses) : "not printed";
            return ctx.Make("boot.crash_loop", last, evidence.OrderBy(e => e.Line).ToList(), values);
        }
        return ctx.Make("boot.loop", last, evidence.OrderBy(e => e.Line).ToList(), values);
    }

    /// <summary>A loop the firmware counts itself (ESPHome safe-mode counter, OpenBeken boot failures).</summary>
    private static Finding? CounterLoop(DiagnosisContext ctx, List<Reset> resets, HashSet<Reset> inLoop)
    {
        foreach (var b in ctx.Boots.Reverse())
        {
            if (BootFacts.BootAttemptCounter(b) is not { } c) continue;
            bool enough = c.Count >= CounterLoopThreshold || (c.Count >= 2 && ctx.Boots.Count >= 2);
            if (!enough || b.Has("openbk.safe_mode")) return null; // safe mode has its own finding
            // the boots the counter speaks about were already reported as a loop: one finding is enough
            if (inLoop.Any(r => r.Next.Position == b.Position || r.Ended.Position == b.Position)) return null;
            var run = resets.Where(r => r.Next.Position <= b.Position && !inLoop.Contains(r)).ToList();
            foreach (var r in run) inLoop.Add(r);
            var evidence = new List<FindingEvidence> { new(c.LineNo, c.Kind, b.Line(c.LineNo)) };
            var lastLines = new List<string>();
            foreach (var r in run)
            {
                if (r.Ended.LastLine() is { } l)
                {
                    evidence.Add(new FindingEvidence(l.LineNo, "line", l.Text));
                    lastLines.Add($"boot {r.Ended.Index}: \"{Clip(l.Text)}\" (line {l.LineNo})");
                }
            }
            var values = new Dictionary<string, string>
            {
                ["count"] = c.Count.ToString(CultureInfo.InvariantCulture),
                ["span"] = " (the firmware itself counts " + c.Count.ToString(CultureInfo.InvariantCulture) + " unsuccessful boot attempts)",
                ["lastLines"] = lastLines.Count > 0 ? string.Join("; ", lastLines) : "not in this capture",
            };
            return ctx.Make("boot.loop", b, evidence.OrderBy(e => e.Line).ToList(), values);
        }
        return null;
    }

    private static Finding Watchdog(DiagnosisContext ctx, BootView boot, LogEvent? ev)
    {
        var detail = ev == null ? "start reason: watchdog"
            : ev.Get("kind") ?? ev.Get("reason") ?? ev.Text.Trim();
        var evidence = ev == null ? new List<FindingEvidence>() : [new FindingEvidence(ev.LineNo, ev.Kind, ev.Text)];
        return ctx.Make("boot.watchdog_reset", boot, evidence, new Dictionary<string, string> { ["detail"] = detail });
    }

    private static Finding Unexplained(DiagnosisContext ctx, Reset r)
    {
        var evidence = new List<FindingEvidence>();
        var ll = r.Ended.LastLine();
        if (ll is { } l) evidence.Add(new FindingEvidence(l.LineNo, "line", l.Text));
        if (r.Next.Events.Count > 0) evidence.Add(new FindingEvidence(r.Next.Events[0].LineNo, r.Next.Events[0].Kind, r.Next.Events[0].Text));
        return ctx.Make("boot.unexplained_reset", r.Next, evidence, new Dictionary<string, string>
        {
            ["boot"] = r.Ended.Index.ToString(CultureInfo.InvariantCulture),
            ["lastLine"] = ll is { } x ? Clip(x.Text) : "(none)",
        });
    }

    private static Finding Brownout(DiagnosisContext ctx, List<Reset> silent)
    {
        var evidence = new List<FindingEvidence>();
        var details = new List<string>();
        foreach (var r in silent)
        {
            if (r.MidLineEvent != null) evidence.Add(new FindingEvidence(r.MidLineEvent.LineNo, r.MidLineEvent.Kind, r.MidLineEvent.Text));
            else if (r.MidLine) evidence.Add(new FindingEvidence(r.Next.Record.FirstLine, "boot.reset_mid_line", r.Next.Line(r.Next.Record.FirstLine)));
            else if (r.Ended.LastLine() is { } l) evidence.Add(new FindingEvidence(l.LineNo, "line", l.Text));
            if (r.MidLine) details.Add($"boot {r.Next.Index} starts in the middle of a line (line {r.Next.Record.FirstLine})");
        }
        int mid = silent.Count(r => r.MidLine);
        return ctx.Make("power.brownout_suspected", silent[0].Next, evidence.OrderBy(e => e.Line).ToList(), new Dictionary<string, string>
        {
            ["count"] = silent.Count.ToString(CultureInfo.InvariantCulture),
            ["midLine"] = mid > 0 ? ", cut off mid-line" : "",
            ["midLineDetail"] = details.Count > 0 ? " (" + string.Join("; ", details) + ")" : "",
        });
    }

    private static string Span(List<Reset> run)
    {
        var first = run[0].Ended.Record.Start;
        var last = run[^1].Next.Record.Start;
        if (first is { } a && last is { } b && b > a)
            return " within " + FormatSpan(b - a);
        return "";
    }

    private static string FormatSpan(TimeSpan t) =>
        t.TotalSeconds < 120 ? $"{t.TotalSeconds:0.#} s" : $"{t.TotalMinutes:0.#} min";

    private static string Clip(string s) => s.Length <= 120 ? s : s[..117] + "...";
}
