using System.Text.RegularExpressions;
using BkConsole.Core.Events;
using BkConsole.Logs.Boots;

namespace BkConsole.Logs.Diagnosis;

/// <summary>Facts about a boot that several rules share: bootloader stage, app output, how it ended, garbage.</summary>
public static partial class BootFacts
{
    /// <summary>Event families printed by bootloaders (before the jump) — everything else is application output.</summary>
    private static bool IsBootloaderFamily(string kind) =>
        kind.StartsWith("boot.", StringComparison.Ordinal) || kind.StartsWith("fal.", StringComparison.Ordinal)
        || kind.StartsWith("ota.", StringComparison.Ordinal) || kind.StartsWith("line.", StringComparison.Ordinal)
        || kind.StartsWith("bootloader.", StringComparison.Ordinal);

    /// <summary>Boot-attempt counters are printed in the first lines of the app's set-up.</summary>
    private const int CounterScanLines = 60;

    public static bool HasBootloader(BootView b) =>
        b.Has("boot.bootloader") || b.Has("boot.jump") || b.Has("boot.start_type") || b.Has("boot.pingpong_invalid");

    /// <summary>The last event of the bootloader stage: up to the jump, or up to the first application event.</summary>
    public static LogEvent? LastBootloaderEvent(BootView b)
    {
        LogEvent? last = null;
        foreach (var e in b.Events)
        {
            if (e.Kind == "boot.jump") return e;
            if (!IsBootloaderFamily(e.Kind)) break;
            last = e;
        }
        return last;
    }

    /// <summary>First sign of the application after <paramref name="afterLine"/>: an application event, else (with
    /// line texts) the first of two non-trivial lines that are not bootloader register dumps. Null when none.</summary>
    public static (int LineNo, string Kind)? AppOutputAfter(BootView b, int afterLine)
    {
        foreach (var e in b.Events)
        {
            if (e.LineNo <= afterLine) continue;
            if (!IsBootloaderFamily(e.Kind) || e.Kind is "fal.flash_device" or "fal.partition" or "rtthread.banner")
                return (e.LineNo, e.Kind);
        }
        if (!b.HasLines)
        {
            // Without texts: several unclassified lines after the hand-over are taken as the app talking.
            int unclassified = b.Record.LastLine - afterLine - b.Events.Count(e => e.LineNo > afterLine);
            return unclassified >= 3 ? (afterLine + 1, "line") : null;
        }
        int seen = 0;
        (int, string)? first = null;
        foreach (var (n, t) in b.NonBlankLinesAfter(afterLine))
        {
            var s = t.Trim();
            if (s.Length < 3 || RegisterLine().IsMatch(s)) continue;
            first ??= (n, "line");
            if (++seen >= 2 || s.Length >= 40) return first;
        }
        return null;
    }

    /// <summary>How boot <paramref name="b"/> ended, given the boot that followed it (null at the end of a capture).</summary>
    public static (ResetCause Cause, LogEvent? Evidence) EndOf(BootView b, BootView? next)
    {
        LogEvent? reboot = null, wdt = null, crash = null, sleep = null;
        foreach (var e in b.Events)
        {
            switch (e.Kind)
            {
                case "reset.reboot": case "ota.done": reboot = e; break;
                case "reset.watchdog": wdt = e; break;
                case "crash.exception": case "crash.shutdown": crash = e; break;
                case "power.deep_sleep": sleep = e; break;
            }
        }
        if (crash != null) return (ResetCause.Crash, crash);
        if (wdt != null && (reboot == null || wdt.LineNo - reboot.LineNo > 10)) return (ResetCause.Watchdog, wdt);
        if (reboot != null) return (ResetCause.Requested, reboot);
        if (sleep != null) return (ResetCause.DeepSleep, sleep);
        if (b.HasLines)
        {
            foreach (var (_, t) in b.LastLines(3))
                if (RebootWords().IsMatch(t)) return (ResetCause.Requested, null);
        }
        if (next != null)
        {
            var reason = StartReason(next);
            if (reason.Reason is { } r)
            {
                if (r.Contains("watchdog", StringComparison.OrdinalIgnoreCase) || r == "wdt") return (ResetCause.Watchdog, reason.Evidence);
                if (r.StartsWith("crash", StringComparison.OrdinalIgnoreCase)) return (ResetCause.Crash, reason.Evidence);
                if (r.StartsWith("deepps", StringComparison.OrdinalIgnoreCase) || r.Contains("sleep", StringComparison.OrdinalIgnoreCase))
                    return (ResetCause.DeepSleep, reason.Evidence);
                if (r is "reboot" or "software" or "soft") return (ResetCause.Requested, reason.Evidence);
            }
        }
        return (ResetCause.Silent, null);
    }

    /// <summary>The reset reason a boot reports about itself (SDK start type, Tuya reset info, the boot record).</summary>
    public static (string? Reason, LogEvent? Evidence) StartReason(BootView b)
    {
        foreach (var kind in BootKinds.StartReasons)
        {
            var e = b.First(kind);
            if (e?.Get("reason") is { Length: > 0 } r) return (r, e);
        }
        return (b.Record.ResetReason, null);
    }

    /// <summary>True when the boot began in the middle of a line of the previous one (a reset cut it off).</summary>
    public static bool IsMidLineReset(BootView b, BootView? previous, out LogEvent? evidence)
    {
        evidence = b.First("boot.reset_mid_line");
        if (evidence == null && previous?.Last("boot.reset_mid_line") is { } p && p.LineNo >= previous.Record.LastLine - 1)
            evidence = p;
        return b.Record.ResetMidLine || evidence != null;
    }

    /// <summary>Share of characters in <paramref name="text"/> that are replacement or control characters (NUL runs are
    /// a power-down artefact, not garbage, and do not count).</summary>
    public static double GarbageRatio(string text)
    {
        var (bad, counted) = GarbageCount(text);
        return counted == 0 ? 0 : (double)bad / counted;
    }

    /// <summary>Garbage characters and counted (non-space, non-NUL) characters of <paramref name="text"/>.</summary>
    public static (int Bad, int Counted) GarbageCount(string text)
    {
        int bad = 0, counted = 0;
        foreach (var c in text)
        {
            if (c is ' ' or '\0') continue;
            counted++;
            if (c == '\uFFFD' || (c < 0x20 && c != '\t' && c != '\0') || (c >= 0x7F && c < 0xA0)) bad++;
        }
        return (bad, counted);
    }

    /// <summary>Counter of failed boots the firmware prints itself (ESPHome/LibreTiny, OpenBeken), with its event or line.</summary>
    public static (int Count, int LineNo, string Kind)? BootAttemptCounter(BootView b)
    {
        var safe = b.First("openbk.safe_mode");
        if (safe?.Field("failures") is { Type: FieldType.Number } f) return ((int)f.Number, safe.LineNo, safe.Kind);
        foreach (var e in b.Events)
        {
            if (e.LineNo > b.Record.FirstLine + CounterScanLines) break; // printed early in set-up
            if (AttemptsText().Match(e.Text) is { Success: true } m) return (int.Parse(m.Groups["n"].Value), e.LineNo, e.Kind);
        }
        if (b.HasLines)
        {
            int scanned = 0;
            foreach (var (n, t) in b.NonBlankLinesAfter(b.Record.FirstLine - 1))
            {
                if (++scanned > CounterScanLines) break;
                if (AttemptsText().Match(t) is { Success: true } m) return (int.Parse(m.Groups["n"].Value), n, "line");
            }
        }
        return null;
    }

    /// <summary>A short guess of the chip from a bootloader version string, for choosing layouts.</summary>
    public static string? ChipFromBootloader(string? version)
    {
        if (string.IsNullOrEmpty(version)) return null;
        var v = version.ToUpperInvariant();
        if (v.Contains("7252") || v.Contains("0.1.3")) return "bk7252";
        if (v.Contains("7231S") || v.Contains("7231T")) return "bk7231t";
        if (v.Contains("7231N") || v.Contains("7231M")) return "bk7231n";
        if (v.Contains("7238") || v.StartsWith("T1")) return "bk7238";
        if (v.Contains("7231U")) return "bk7231u";
        return null;
    }

    public static string? BootloaderVersion(BootView b) => b.First("boot.bootloader")?.Get("version") ?? b.Record.Bootloader;

    [GeneratedRegex(@"^(CPSR|SPSR|R\d+|R14\(LR\)|ST|REG|SVC|IRQ|FIR|FIQ|SYS|ABT|UND)\s*:", RegexOptions.IgnoreCase)]
    private static partial Regex RegisterLine();

    [GeneratedRegex(@"\b(reboot(ing)?|bk_reboot|restarting (the )?(system|device|chip)|system restart|software reset|sys_reset)\b", RegexOptions.IgnoreCase)]
    private static partial Regex RebootWords();

    [GeneratedRegex(@"(?:(?<n>\d+) suspected unsuccessful boot attempts|[Uu]nsuccessful boot attempts:\s*(?<n>\d+)|boot failures\s*(?<n>\d+))")]
    private static partial Regex AttemptsText();
}
