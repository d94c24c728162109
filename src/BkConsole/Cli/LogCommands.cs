using System.CommandLine;
using System.Globalization;
using BkConsole.Core.Errors;
using BkConsole.Core.Events;
using BkConsole.Logs.Boots;
using BkConsole.Logs.Json;
using BkConsole.Logs.Pipeline;
using BkConsole.Logs.Rules;

namespace BkConsole.Cli;

/// <summary>
/// <c>parse</c> and <c>boots</c>: run capture files through the log pipeline and print events or boots, as aligned
/// text or JSON Lines (event-kinds.md "JSON output contract").
/// </summary>
public static class LogCommands
{
    private const int UnparsedShown = 25;
    private const int TextShown = 70;

    public static IEnumerable<Command> Create()
    {
        yield return CreateParse();
        yield return CreateBoots();
    }

    private static Argument<string[]> FilesArgument() => new("FILE")
    {
        Arity = ArgumentArity.OneOrMore,
        Description = "Capture files (text logs from a serial terminal, logic analyzer export, bkconsole capture)",
    };

    /// <summary>The <c>--rules</c> option of every verb that classifies lines (parse, boots, import, diagnose).</summary>
    internal static Option<string[]> RulesOption() => new("--rules")
    {
        Description = "Extra rules: a *.rules file or a folder of them (besides the built-in rules and ~/.config/bkconsole/grammars)",
        Arity = ArgumentArity.ZeroOrMore,
        HelpName = "FILE|DIR",
    };

    /// <summary>The rule set for <c>--rules</c> paths (built-in, user folder, then each path given).</summary>
    internal static RuleSet LoadRules(string[]? paths) => RuleSet.Load(new RuleSetOptions { ExtraFolders = paths ?? [] });

    private static Command CreateParse()
    {
        var files = FilesArgument();
        var json = new Option<bool>("--json") { Description = "JSON Lines, one object per event" };
        var summary = new Option<bool>("--summary") { Description = "Only counts: lines, events by kind, boots, unparsed" };
        var unparsed = new Option<bool>("--unparsed") { Description = "List the most frequent lines no rule took (numbers normalised)" };
        var rules = RulesOption();
        var cmd = new Command("parse", "Classify the lines of capture files into events (in line order)")
        {
            files, json, summary, unparsed, rules,
        };
        cmd.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var options = PipelineOptions(parse.GetValue(rules), trackUnparsed: parse.GetValue(unparsed));
            var paths = CheckFiles(parse.GetValue(files)!);
            var results = new List<LogParseResult>();
            bool countsOnly = parse.GetValue(summary) || parse.GetValue(unparsed);
            using var writer = parse.GetValue(json) && !countsOnly ? new LogJson(output) : null;
            foreach (var path in paths)
            {
                // events are written as the pipeline finds them and not kept: a capture of any length streams through
                ILogSink? printer = countsOnly ? null
                    : writer != null ? new JsonEventPrinter(writer, path)
                    : new TextEventPrinter(output, paths.Count > 1 ? path : null);
                results.Add(LogPipeline.ParseFile(path, options, printer, keepEvents: false));
            }
            if (parse.GetValue(summary)) PrintSummary(output, results, parse.GetValue(json));
            if (parse.GetValue(unparsed)) PrintUnparsed(output, results);
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command CreateBoots()
    {
        var files = FilesArgument();
        files.Arity = ArgumentArity.ZeroOrMore;
        files.Description += "; none = the boots stored in the database";
        var json = new Option<bool>("--json") { Description = "JSON Lines, one object per boot" };
        var rules = RulesOption();
        var db = StoreCommands.DbOption();
        var capture = new Option<int?>("--capture") { Description = "Only this stored capture (with --db)", HelpName = "C" };
        var cmd = new Command("boots", "Split capture files (or the stored captures) into boots: bootloader, firmware, jump address, reset reason")
        {
            files, json, rules, db, capture,
        };
        cmd.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var given = parse.GetValue(files) ?? [];
            if (given.Length == 0)
                return StoreCommands.PrintStoredBoots(parse.GetValue(db), parse.GetValue(capture), parse.GetValue(json), output);
            if (parse.GetValue(db) != null || parse.GetValue(capture) != null)
                throw new UsageException("boots takes capture files or --db/--capture, not both",
                    "to see stored boots: bkconsole boots --db PATH [--capture C]");
            var options = PipelineOptions(parse.GetValue(rules), trackUnparsed: false);
            var paths = CheckFiles(given);
            using var writer = parse.GetValue(json) ? new LogJson(output) : null;
            if (writer == null)
                output.WriteLine($"{"file",-28} {"boot",4} {"lines",-13} {"bootloader",-16} {"firmware",-10} {"jump",-8} {"reset reason",-18} {"events",6}");
            foreach (var path in paths)
            {
                var result = LogPipeline.ParseFile(path, options, keepEvents: false);
                foreach (var boot in result.Boots)
                {
                    if (writer != null) writer.WriteBoot(path, boot);
                    else output.WriteLine(FormatBoot(path, boot));
                }
            }
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static LogPipelineOptions PipelineOptions(string[]? rulesDirs, bool trackUnparsed) => new()
    {
        Rules = LoadRules(rulesDirs),
        TrackUnparsed = trackUnparsed,
    };

    /// <summary>Every file must exist and be a file before anything is printed.</summary>
    private static List<string> CheckFiles(string[] files)
    {
        InputFiles.Check(files);
        return files.ToList();
    }

    /// <summary>Prints each event as an aligned text row as soon as the pipeline yields it.</summary>
    private sealed class TextEventPrinter : ILogSink
    {
        private readonly TextWriter _output;

        public TextEventPrinter(TextWriter output, string? header)
        {
            _output = output;
            if (header != null) output.WriteLine($"== {header}");
            output.WriteLine($"{"line",6} {"boot",4}  {"severity",-8} {"kind",-32} fields / text");
        }

        public void OnEvent(LogEvent ev)
        {
            var detail = ev.Fields.Count > 0
                ? string.Join("  ", ev.Fields.Select(f => f.Type == FieldType.Text && f.Text!.Contains(' ') ? $"{f.Name}=\"{f.Text}\"" : f.ToString()))
                : "\"" + Shorten(ev.Text.Trim()) + "\"";
            _output.WriteLine($"{ev.LineNo,6} {ev.Boot,4}  {ev.Severity.ToJson(),-8} {ev.Kind,-32} {detail}");
        }

        public void OnLine(LogLine line, int boot) { }

        public void OnBoot(BootRecord boot, BootChange change) { }
    }

    /// <summary>Writes each event as a JSON Lines object (the event-kinds.md contract) as soon as the pipeline yields it.</summary>
    private sealed class JsonEventPrinter(LogJson writer, string file) : ILogSink
    {
        public void OnEvent(LogEvent ev) => writer.WriteEvent(file, ev);

        public void OnLine(LogLine line, int boot) { }

        public void OnBoot(BootRecord boot, BootChange change) { }
    }

    private static string Shorten(string s) => s.Length <= TextShown ? s : s[..(TextShown - 1)] + "…";

    private static void PrintSummary(TextWriter output, List<LogParseResult> results, bool json)
    {
        foreach (var r in results)
        {
            var s = r.Stats;
            if (json)
            {
                output.WriteLine(System.Text.Json.JsonSerializer.Serialize(new
                {
                    file = r.File, lines = s.Lines, events = s.Events, boots = s.Boots, unparsed = s.Unparsed,
                    byKind = s.EventsByKind.OrderBy(k => k.Key, StringComparer.Ordinal).ToDictionary(k => k.Key, k => k.Value),
                }));
                continue;
            }
            output.WriteLine($"{r.File}: {s.Lines} lines, {s.Events} events, {s.Boots} boots, {s.Unparsed} unparsed ({Percent(s.Unparsed, s.Lines)})");
            foreach (var (kind, count) in s.EventsByKind.OrderByDescending(k => k.Value).ThenBy(k => k.Key, StringComparer.Ordinal))
                output.WriteLine($"  {count,7}  {kind}");
        }
        if (results.Count > 1 && !json)
        {
            output.WriteLine($"total: {results.Sum(r => r.Stats.Lines)} lines, {results.Sum(r => r.Stats.Events)} events, " +
                             $"{results.Sum(r => r.Stats.Boots)} boots, {results.Sum(r => r.Stats.Unparsed)} unparsed");
        }
    }

    private static string Percent(long part, long whole) =>
        whole == 0 ? "0%" : (100.0 * part / whole).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    private static void PrintUnparsed(TextWriter output, List<LogParseResult> results)
    {
        var merged = new Dictionary<string, (int Count, string Example, string Where)>(StringComparer.Ordinal);
        foreach (var r in results)
        {
            foreach (var e in r.Unparsed!.Top(int.MaxValue))
            {
                merged[e.Shape] = merged.TryGetValue(e.Shape, out var m)
                    ? (m.Count + e.Count, m.Example, m.Where)
                    : (e.Count, e.Example, $"{Path.GetFileName(r.File)}:{e.FirstLine}");
            }
        }
        output.WriteLine($"most frequent unparsed lines ({merged.Count} shapes; # = number, 0x# = hex):");
        output.WriteLine($"{"count",7}  {"first seen",-24} shape");
        foreach (var (shape, v) in merged.OrderByDescending(kv => kv.Value.Count).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(UnparsedShown))
            output.WriteLine($"{v.Count,7}  {Shorten(v.Where),-24} {Shorten(shape)}");
    }

    private static string FormatBoot(string path, BootRecord b)
    {
        var name = Path.GetFileName(path);
        if (name.Length > 28) name = name[..27] + "…";
        var jump = b.Jump is { } j ? LogJson.FormatAddress(j) : "-";
        return $"{name,-28} {b.Index,4} {b.FirstLine + "-" + b.LastLine,-13} {b.Bootloader ?? "-",-16} {b.Firmware ?? "-",-10} " +
               $"{jump,-8} {b.ResetReason ?? "-",-18} {b.Events,6}" + (b.ResetMidLine ? "  (reset mid-line)" : "");
    }
}
