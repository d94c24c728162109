using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using BkConsole.Core.Diagnosis;
using BkConsole.Core.Errors;
using BkConsole.Core.Events;
using BkConsole.Logs.Diagnosis;
using BkConsole.Storage;

namespace BkConsole.Cli;

/// <summary><c>diagnose FILE... | --capture C</c> and <c>diff A[:boot] B[:boot]</c>.</summary>
internal static class DiagnoseLogCommands
{
    private const int WrapWidth = 100;

    public static IEnumerable<Command> Create()
    {
        yield return Diagnose();
        yield return Diff();
    }

    private static Command Diagnose()
    {
        var files = new Argument<string[]>("FILE") { Description = "Log files", Arity = ArgumentArity.ZeroOrMore };
        var capture = new Option<int?>("--capture") { Description = "Diagnose a capture of the store by id", HelpName = "ID" };
        var db = StoreCommands.DbOption();
        var json = new Option<bool>("--json") { Description = "JSON Lines, one object per finding" };
        var rules = LogCommands.RulesOption();
        var cmd = new Command("diagnose", "Explain what went wrong in a boot log: OTA, boot loops, crashes, power, link")
        {
            files, capture, db, json, rules,
        };
        cmd.SetAction(pr =>
        {
            var paths = pr.GetValue(files) ?? [];
            var cap = pr.GetValue(capture);
            if (paths.Length == 0 && cap == null) throw new UsageException("give log FILEs or --capture ID", "e.g. bkconsole diagnose boot.log");
            if (paths.Length > 0 && cap != null) throw new UsageException("give either FILEs or --capture, not both");
            var extra = pr.GetValue(rules) is { Length: > 0 } r ? r : null;
            if (extra != null && cap != null)
                throw new UsageException("--rules applies to log files, not to a stored capture (its events were classified at import)",
                    "import the file again with: bkconsole import FILE --rules PATH --force");
            InputFiles.Check(paths, "log file");
            var ruleSet = extra != null ? LogCommands.LoadRules(extra) : null;
            var o = pr.InvocationConfiguration.Output;
            var captures = new List<CaptureData>();
            if (cap is { } id)
            {
                using var store = BkStore.OpenReadOnly(pr.GetValue(db));
                captures.Add(CaptureData.FromStore(store, id));
            }
            else captures.AddRange(paths.Select(p => CaptureData.FromFile(p, pr.GetValue(db), ruleSet)));
            foreach (var c in captures)
            {
                var findings = DiagnosisEngine.Default.Diagnose(c.ToInput());
                if (pr.GetValue(json)) foreach (var f in findings) o.WriteLine(FindingJson(c.Name, f).ToJsonString());
                else WriteFindings(o, c, findings);
            }
            return ExitCodes.Ok;
        });
        return cmd;
    }

    internal static JsonObject FindingJson(string file, Finding f) => new()
    {
        ["file"] = file,
        ["boot"] = f.Boot,
        ["id"] = f.Id,
        ["severity"] = f.Severity.ToJson(),
        ["title"] = f.Title,
        ["explanation"] = f.Explanation,
        ["evidence"] = new JsonArray(f.Evidence.Select(e => (JsonNode)new JsonObject { ["line"] = e.Line, ["kind"] = e.Kind }).ToArray()),
        ["advice"] = f.Advice,
    };

    internal static void WriteFindings(TextWriter o, CaptureData c, IReadOnlyList<Finding> findings)
    {
        var bySev = findings.GroupBy(f => f.Severity).OrderByDescending(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToJson()}");
        o.WriteLine($"{c.Name}: {c.Boots.Count} boot(s), {findings.Count} finding(s)" + (findings.Count > 0 ? " (" + string.Join(", ", bySev) + ")" : ""));
        foreach (var f in findings)
        {
            o.WriteLine();
            o.WriteLine($"  boot {f.Boot}  {f.Severity.ToJson().ToUpperInvariant()}{(f.Benign ? " (benign)" : "")}  {f.Id}");
            o.WriteLine($"  {f.Title}");
            foreach (var l in Wrap(f.Explanation, WrapWidth - 4)) o.WriteLine("    " + l);
            if (f.Evidence.Count > 0)
                o.WriteLine("    evidence: " + string.Join(", ", f.Evidence.Select(e => $"line {e.Line} {e.Kind}")));
            var advice = Wrap("what to do: " + f.Advice, WrapWidth - 4).ToList();
            foreach (var l in advice) o.WriteLine("    " + l);
        }
        if (findings.Count > 0) o.WriteLine();
    }

    private static IEnumerable<string> Wrap(string text, int width)
    {
        var line = new System.Text.StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                yield return line.ToString();
                line.Clear();
            }
            if (line.Length > 0) line.Append(' ');
            line.Append(word);
        }
        if (line.Length > 0) yield return line.ToString();
    }

    private static Command Diff()
    {
        var a = new Argument<string>("A") { Description = "FILE[:boot] or capture id [:boot] (default: the last boot)" };
        var b = new Argument<string>("B") { Description = "FILE[:boot] or capture id [:boot]" };
        var db = StoreCommands.DbOption();
        var cmd = new Command("diff", "Two boots side by side: changed versions/addresses/reset reason, events added/removed, time per phase")
        {
            a, b, db,
        };
        cmd.SetAction(pr =>
        {
            var sa = Side(pr.GetValue(a)!, pr.GetValue(db));
            var sb = Side(pr.GetValue(b)!, pr.GetValue(db));
            WriteDiff(pr.InvocationConfiguration.Output, BootDiff.Compare(sa, sb));
            return ExitCodes.Ok;
        });
        return cmd;
    }

    /// <summary>"file.log", "file.log:3", "12", "12:3" (a number that is not a file is a capture id).</summary>
    internal static BootSide Side(string spec, string? db)
    {
        string target = spec;
        int? boot = null;
        int colon = spec.LastIndexOf(':');
        if (colon > 0 && int.TryParse(spec.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && !File.Exists(spec))
        {
            target = spec[..colon];
            boot = n;
        }
        CaptureData data;
        if (!File.Exists(target) && int.TryParse(target, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            using var store = BkStore.OpenReadOnly(db);
            data = CaptureData.FromStore(store, id);
        }
        else data = CaptureData.FromFile(target, db);
        if (data.Boots.Count == 0) throw new UsageException($"{spec}: no boot found in this capture");
        return data.Side(boot ?? data.Boots.Max(x => x.Index));
    }

    internal static void WriteDiff(TextWriter o, BootDiff d)
    {
        const int col = 34;
        string Cell(string? s) => (s ?? "-").Length > col - 2 ? (s ?? "-")[..(col - 3)] + "…" : s ?? "-";
        o.WriteLine($"{"",-16}{Cell("A: " + d.A.Label),-col}{Cell("B: " + d.B.Label)}");
        o.WriteLine($"{"lines",-16}{Cell($"{d.A.Record.FirstLine}-{d.A.Record.LastLine}"),-col}{Cell($"{d.B.Record.FirstLine}-{d.B.Record.LastLine}")}");
        o.WriteLine($"{"bootloader",-16}{Cell(d.A.Record.Bootloader),-col}{Cell(d.B.Record.Bootloader)}");
        o.WriteLine($"{"firmware",-16}{Cell(d.A.Record.Firmware),-col}{Cell(d.B.Record.Firmware)}");
        o.WriteLine($"{"jump",-16}{Cell(d.A.Record.Jump is { } x ? $"0x{x:x}" : null),-col}{Cell(d.B.Record.Jump is { } y ? $"0x{y:x}" : null)}");
        o.WriteLine($"{"reset reason",-16}{Cell(d.A.Record.ResetReason),-col}{Cell(d.B.Record.ResetReason)}");
        o.WriteLine($"{"events",-16}{Cell(d.A.Events.Count.ToString(CultureInfo.InvariantCulture)),-col}{Cell(d.B.Events.Count.ToString(CultureInfo.InvariantCulture))}");
        o.WriteLine();
        o.WriteLine("time per phase:");
        foreach (var p in d.Phases) o.WriteLine($"  {p.Phase,-14}{Cell(p.A ?? "not reached"),-col}{Cell(p.B ?? "not reached")}");
        o.WriteLine();
        o.WriteLine(d.Changes.Count == 0 ? "changed values: none" : "changed values:");
        foreach (var c in d.Changes)
            o.WriteLine($"  {c.What,-30} {c.A ?? "-"} → {c.B ?? "-"}" +
                        (c.LineA != null ? $"   (lines {c.LineA} / {c.LineB})" : ""));
        o.WriteLine(d.Added.Count == 0 ? "events only in B: none" : "events only in B (added):");
        foreach (var k in d.Added) o.WriteLine($"  + {k.Kind,-30} ×{k.Count}  line {k.FirstLine}: {Clip(k.Text)}");
        o.WriteLine(d.Removed.Count == 0 ? "events only in A: none" : "events only in A (removed):");
        foreach (var k in d.Removed) o.WriteLine($"  - {k.Kind,-30} ×{k.Count}  line {k.FirstLine}: {Clip(k.Text)}");
        if (d.CountChanged.Count > 0)
        {
            o.WriteLine("events that occur a different number of times:");
            foreach (var k in d.CountChanged) o.WriteLine($"  ~ {k.Kind,-30} {k.Text}");
        }
    }

    private static string Clip(string s) => s.Length <= 70 ? s : s[..67] + "...";
}
