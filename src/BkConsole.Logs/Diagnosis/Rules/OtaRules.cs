using System.Globalization;
using BkConsole.Core.Diagnosis;
using BkConsole.Core.Events;
using BkConsole.Core.Layouts;

namespace BkConsole.Logs.Diagnosis.Rules;

/// <summary>OTA outcomes told by the bootloader: update not applied (no FAL table), "App verify failed".</summary>
public sealed class OtaRules : IDiagnosisRule
{
    public IReadOnlyList<string> Ids { get; } = ["ota.not_applied_no_fal", "ota.app_verify_failed_benign", "ota.app_verify_failed"];

    public IEnumerable<Finding> Evaluate(DiagnosisContext ctx)
    {
        foreach (var b in ctx.Boots)
        {
            if (!ctx.Reports(b.Index)) continue;
            if (NoFal(ctx, b) is { } f) yield return f;
            if (VerifyFailed(ctx, b) is { } v) yield return v;
        }
    }

    private static Finding? NoFal(DiagnosisContext ctx, BootView b)
    {
        var missing = b.First("fal.partition_table_missing");
        if (missing == null) return null;
        var jump = b.OfKind("boot.jump").FirstOrDefault(j => j.LineNo > missing.LineNo);
        if (jump == null)
        {
            // The app may print the same FAL error itself; only a bootloader-stage error followed by a jump counts.
            return null;
        }
        var evidence = new List<LogEvent> { missing, jump };
        var update = ctx.Boots.Where(o => o.Position <= b.Position)
            .SelectMany(o => o.Events)
            .Where(e => e.Kind is "ota.upgrade_start" or "ota.progress" or "ota.done" or "ota.erase" or "ota.erase_done")
            .LastOrDefault();
        if (update != null) evidence.Add(update);
        var bl = BootFacts.BootloaderVersion(b);
        var values = new Dictionary<string, string>
        {
            ["jump"] = jump.Get("address") ?? "0x10000",
            ["bootloader"] = bl ?? "unknown version",
            ["layout"] = LayoutText(ctx, b, bl),
        };
        return ctx.Make("ota.not_applied_no_fal", b, evidence, values);
    }

    /// <summary>The layout to quote: the device's own FAL table from this capture if it printed one, else the known
    /// layouts for the chip the bootloader names.</summary>
    internal static string LayoutText(DiagnosisContext ctx, BootView b, string? bootloader)
    {
        var parts = ctx.Boots.SelectMany(o => o.OfKind("fal.partition"))
            .Select(p => (Name: p.Get("name"), Offset: p.Field("offset"), Length: p.Field("length")))
            .Where(p => p.Name != null)
            .DistinctBy(p => p.Name)
            .ToList();
        if (parts.Count > 0)
        {
            var table = string.Join(", ", parts.Select(p =>
                $"{p.Name} {p.Offset?.Display ?? "?"}+{p.Length?.Display ?? "?"}"));
            return $"The device's own FAL table (printed by its firmware in this capture): {table}.";
        }
        var chip = BootFacts.ChipFromBootloader(bootloader) ?? "bk7252";
        var layouts = FlashLayouts.ForChip(chip).Where(l => l.LittleFsOffset == null).ToList();
        if (layouts.Count == 0) return "";
        return "Known layouts for " + chip.ToUpperInvariant() + ": " + string.Join("; ", layouts.Select(l =>
            $"{l.Name} — {l.Describe(l.Partitions.Where(p => p.Name != "bootloader").Select(p => p.Name).ToArray())} ({l.Source})")) +
            ". A dump of the flash (bkconsole image info) tells which one this device uses.";
    }

    private static Finding? VerifyFailed(DiagnosisContext ctx, BootView b)
    {
        var failed = b.First("ota.app_verify_failed");
        if (failed == null) return null;
        var jump = b.OfKind("boot.jump").FirstOrDefault(j => j.LineNo > failed.LineNo);
        var after = jump?.LineNo ?? failed.LineNo;
        var app = BootFacts.AppOutputAfter(b, after);
        var evidence = new List<FindingEvidence> { new(failed.LineNo, failed.Kind, failed.Text) };
        if (jump != null) evidence.Add(new(jump.LineNo, jump.Kind, jump.Text));
        if (app is { } a)
        {
            evidence.Add(new(a.LineNo, a.Kind, b.Line(a.LineNo)));
            return ctx.Make("ota.app_verify_failed_benign", b, evidence, new Dictionary<string, string>
            {
                ["outcome"] = $"The application started anyway (line {a.LineNo.ToString(CultureInfo.InvariantCulture)}), so the message is harmless.",
            });
        }
        var next = ctx.Next(b);
        if (next == null && (jump == null || ctx.IsOpen(b)))
        {
            return ctx.Make("ota.app_verify_failed_benign", b, evidence, new Dictionary<string, string>
            {
                ["outcome"] = "The capture ends before the application's first line; if the app then starts, the message is harmless.",
            });
        }
        var outcome = next != null
            ? "the device reset before the application printed anything"
            : "nothing from the application followed until the end of the capture";
        return ctx.Make("ota.app_verify_failed", b, evidence, new Dictionary<string, string> { ["outcome"] = outcome });
    }
}
