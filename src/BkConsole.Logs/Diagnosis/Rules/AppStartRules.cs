using BkConsole.Core.Diagnosis;
using BkConsole.Core.Events;

namespace BkConsole.Logs.Diagnosis.Rules;

/// <summary>Bootloader-only output (the app never started) and start-up that stops at an init step.</summary>
public sealed class AppStartRules : IDiagnosisRule
{
    public IReadOnlyList<string> Ids { get; } = ["app.not_started", "app.hang_suspected"];

    public IEnumerable<Finding> Evaluate(DiagnosisContext ctx)
    {
        foreach (var b in ctx.Boots)
        {
            if (!ctx.Reports(b.Index) || ctx.IsOpen(b)) continue;
            if (NotStarted(ctx, b) is { } f) yield return f;
            else if (Hang(ctx, b) is { } h) yield return h;
        }
    }

    private static Finding? NotStarted(DiagnosisContext ctx, BootView b)
    {
        if (!BootFacts.HasBootloader(b)) return null;
        var last = BootFacts.LastBootloaderEvent(b);
        if (last == null) return null;
        // After "App verify failed" the bootloader may still be restoring a factory image: a capture that ends
        // there proves nothing (the OTA rule speaks about it).
        if (last.Kind == "ota.app_verify_failed" && ctx.Next(b) == null) return null;
        if (BootFacts.AppOutputAfter(b, last.LineNo) != null) return null;
        bool jumped = last.Kind == "boot.jump";
        // Without a jump the bootloader's tail may just be where the capture stops. If an earlier boot of this
        // capture reached its application, the app exists: do not conclude it is missing.
        if (!jumped && ctx.Next(b) == null && EarlierAppRan(ctx, b)) return null;
        var bl = BootFacts.BootloaderVersion(b) ?? "unknown version";
        var next = ctx.Next(b);
        var values = new Dictionary<string, string>
        {
            ["bootloader"] = bl,
            ["stage"] = jumped
                ? $"handed over to the application at {last.Get("address") ?? "0x10000"}"
                : $"finished its start-up checks (last: \"{last.Text.Trim()}\")",
            ["tail"] = next != null ? " before the next reset" : " until the end of the capture",
        };
        var evidence = new List<LogEvent>();
        if (b.First("boot.bootloader") is { } banner) evidence.Add(banner);
        evidence.Add(last);
        return ctx.Make("app.not_started", b, evidence, values, jumped ? Severity.Error : Severity.Warning);
    }

    private static bool EarlierAppRan(DiagnosisContext ctx, BootView b)
    {
        for (var p = ctx.Previous(b); p != null; p = ctx.Previous(p))
        {
            var last = BootFacts.LastBootloaderEvent(p);
            if (BootFacts.AppOutputAfter(p, last?.LineNo ?? p.Record.FirstLine - 1) != null) return true;
        }
        return false;
    }

    private static Finding? Hang(DiagnosisContext ctx, BootView b)
    {
        if (ctx.Next(b) != null) return null;
        var stage = b.Last("openbk.init_stage");
        if (stage == null) return null;
        var name = stage.Get("stage") ?? stage.Text.Trim();
        if (name.Contains("After_Delay", StringComparison.OrdinalIgnoreCase)) return null;
        if (b.Events.Any(e => e.LineNo > stage.LineNo && e.Kind != "line.garbled")) return null;
        if (b.HasLines && b.NonBlankLinesAfter(stage.LineNo).Any(l => l.Text.Trim().Length > 2 && !l.Text.Contains(name, StringComparison.Ordinal)))
            return null;
        return ctx.Make("app.hang_suspected", b, [stage], new Dictionary<string, string> { ["stage"] = name });
    }
}
