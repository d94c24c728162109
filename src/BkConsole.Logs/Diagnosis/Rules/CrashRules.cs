using BkConsole.Core.Diagnosis;
using BkConsole.Core.Events;

namespace BkConsole.Logs.Diagnosis.Rules;

/// <summary>CPU exceptions printed by the SDK trap handlers, with the registers that follow them.</summary>
public sealed class CrashRules : IDiagnosisRule
{
    /// <summary>How far after the exception line the register dump may start.</summary>
    private const int RegisterWindowLines = 40;

    public IReadOnlyList<string> Ids { get; } = ["crash.detected"];

    public IEnumerable<Finding> Evaluate(DiagnosisContext ctx)
    {
        foreach (var b in ctx.Boots)
        {
            if (!ctx.Reports(b.Index)) continue;
            foreach (var ex in b.OfKind("crash.exception"))
            {
                var regs = b.OfKind("crash.registers").FirstOrDefault(r => r.LineNo >= ex.LineNo && r.LineNo - ex.LineNo <= RegisterWindowLines && r.Get("pc") != null);
                var values = Describe(ex, regs);
                var evidence = new List<LogEvent> { ex };
                if (regs != null) evidence.Add(regs);
                if (b.OfKind("crash.shutdown").FirstOrDefault(s => s.LineNo > ex.LineNo) is { } sd) evidence.Add(sd);
                yield return ctx.Make("crash.detected", b, evidence, values);
            }
        }
    }

    internal static Dictionary<string, string> Describe(LogEvent ex, LogEvent? regs)
    {
        var type = ex.Get("type") ?? ex.Text.Trim();
        return new Dictionary<string, string>
        {
            ["exception"] = type.Replace('_', ' '),
            ["exceptionText"] = ex.Text[Math.Min(ex.Text.Length, BkConsole.Logs.Classify.HostPrefix.Skip(ex.Text))..].Trim(), // without a terminal's time stamp
            ["pc"] = regs?.Get("pc") ?? "unknown",
            ["lr"] = regs?.Get("lr") ?? "unknown",
            ["sp"] = regs?.Get("sp") ?? "unknown",
        };
    }
}
