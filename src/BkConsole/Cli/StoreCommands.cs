using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using BkConsole.Core.Errors;
using BkConsole.Core.Events;
using BkConsole.Logs.Json;
using BkConsole.Logs.Pipeline;
using BkConsole.Logs.Rules;
using BkConsole.Storage;

namespace BkConsole.Cli;

/// <summary>
/// The verbs over the store: <c>import</c>, <c>captures</c>, <c>events</c>.
/// <see cref="PrintStoredBoots"/> serves <c>boots --db</c>. JSON shapes follow event-kinds.md; "file" is the
/// capture's source name (the imported file's name or the port).
/// </summary>
public static class StoreCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return ImportCommand();
        yield return CapturesCommand();
        yield return EventsCommand();
    }

    /// <summary>The help text of <c>--db</c>, the same in every verb.</summary>
    public const string DbDescription = "The store file (default $XDG_DATA_HOME/bkconsole/bkconsole.db)";

    /// <summary>The <c>--db PATH</c> option every store verb shares.</summary>
    public static Option<string?> DbOption() => new("--db")
    {
        Description = DbDescription,
        HelpName = "PATH",
    };

    /// <summary>How long an import waits for the store to commit its last blocks.</summary>
    private static readonly TimeSpan ImportCloseDeadline = TimeSpan.FromMinutes(5);

    private static Command ImportCommand()
    {
        var files = new Argument<string[]>("FILE") { Arity = ArgumentArity.OneOrMore, Description = "Capture files (text logs)" };
        var db = DbOption();
        var force = new Option<bool>("--force") { Description = "Import a file again although it is stored (same SHA-256)" };
        var rules = LogCommands.RulesOption();
        var cmd = new Command("import", "Store log files as captures: raw bytes, lines, events and boots") { files, db, force, rules };
        cmd.SetAction((r, ct) =>
        {
            var paths = r.GetValue(files) ?? [];
            InputFiles.Check(paths);
            var options = new LogPipelineOptions { Rules = LogCommands.LoadRules(r.GetValue(rules)) }; // compiled once for all files
            using var store = BkStore.Open(r.GetValue(db));
            foreach (var note in store.OpenNotes) r.InvocationConfiguration.Error.WriteLine("bkconsole: " + note);
            foreach (var p in paths)
                Import(store, p, r.GetValue(force), r.InvocationConfiguration.Output, options, ct);
            return Task.FromResult(ExitCodes.Ok);
        });
        return cmd;
    }

    /// <summary>Imports one file as a capture; a file already stored completely (same SHA-256) is skipped unless forced.</summary>
    internal static StoredCapture? Import(BkStore store, string path, bool force, TextWriter output,
        LogPipelineOptions? options, CancellationToken ct)
    {
        string sha;
        long size;
        try
        {
            using var hashed = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
            size = hashed.Length;
            sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(hashed));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw InputFiles.Unreadable(path, ex);
        }
        var name = Path.GetFileName(path);
        if (store.FindCaptureBySha256(sha) is { } old && !force)
        {
            if (old.State == CaptureState.Complete)
            {
                output.WriteLine($"{name}: already stored as capture {old.Id} (same SHA-256); --force imports it again");
                return old;
            }
            output.WriteLine($"{name}: capture {old.Id} of this file is {StateName(old.State)}; importing it again");
        }
        using var writer = store.BeginCapture(CaptureStart.ForFile(path, size, sha), CaptureWriterOptions.ForImport);
        var pipeline = new LogPipeline(new StoreSink(writer), options);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
            pipeline.Feed(stream, new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero), ct);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw InputFiles.Unreadable(path, ex);
        }
        if (!writer.Complete(ImportCloseDeadline, ct))
        {
            var stats = writer.Stats;
            throw new BkException($"storing {name} did not finish: {stats.LinesStored} of {stats.LinesAdded} lines stored",
                stats.Fault?.Message ?? "the store is too slow or the disk is full; capture " + writer.CaptureId + " is marked incomplete");
        }
        var c = store.Capture(writer.CaptureId)!;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"capture {c.Id}: {name} — {c.Lines} lines, {c.Events} events, {c.Boots} boots, {pipeline.Stats.Unparsed} unparsed, {c.Bytes} bytes"));
        return c;
    }

    private static Command CapturesCommand()
    {
        var db = DbOption();
        var json = new Option<bool>("--json") { Description = "JSON Lines, one object per capture" };
        var cmd = new Command("captures", "List the stored captures (imported files and port sessions)") { db, json };
        cmd.SetAction(r =>
        {
            using var store = OpenExisting(r.GetValue(db));
            var output = r.InvocationConfiguration.Output;
            var captures = store.Captures();
            if (r.GetValue(json))
            {
                foreach (var c in captures) output.WriteLine(CaptureJson(c));
                return ExitCodes.Ok;
            }
            if (captures.Count == 0)
            {
                output.WriteLine($"no captures in {store.Path} (import one with: bkconsole import FILE)");
                return ExitCodes.Ok;
            }
            output.WriteLine($"{"id",4}  {"state",-10} {"lines",9} {"events",8} {"boots",5}  {"started (UTC)",-19}  source");
            foreach (var c in captures)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{c.Id,4}  {StateName(c.State),-10} {c.Lines,9} {c.Events,8} {c.Boots,5}  {c.Started.UtcDateTime:yyyy-MM-dd HH:mm:ss}  {Describe(c)}"));
            }
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command EventsCommand()
    {
        var db = DbOption();
        var kind = new Option<string?>("--kind") { Description = "Only this kind, or a family: sd.*", HelpName = "KIND" };
        var capture = new Option<int?>("--capture") { Description = "Only this capture (see: bkconsole captures)", HelpName = "ID" };
        var boot = new Option<int?>("--boot") { Description = "Only this boot (1-based within its capture)", HelpName = "N" };
        var severity = new Option<string?>("--severity")
        {
            Description = "This severity and worse: debug, info, notice, warning, error, critical", HelpName = "LEVEL",
        };
        var json = new Option<bool>("--json") { Description = "JSON Lines, one object per event (event-kinds.md)" };
        var cmd = new Command("events", "Query the stored events") { db, kind, capture, boot, severity, json };
        cmd.SetAction(r =>
        {
            Severity? min = null;
            if (r.GetValue(severity) is { } s)
            {
                if (!SeverityNames.TryParse(s, out var sev))
                    throw new UsageException($"unknown severity '{s}'", "use one of debug, info, notice, warning, error, critical");
                min = sev;
            }
            using var store = OpenExisting(r.GetValue(db));
            if (r.GetValue(capture) is { } id && store.Capture(id) is null)
                throw new UsageException($"there is no capture {id} in {store.Path}", "list them with: bkconsole captures");
            if (r.GetValue(kind) is { } k) EventKindNames.CheckKnown(k, store);
            var names = store.Captures().ToDictionary(c => c.Id, c => c.Name);
            var query = new EventQuery { Kind = r.GetValue(kind), Capture = r.GetValue(capture), Boot = r.GetValue(boot), MinSeverity = min };
            PrintEvents(store.Events(query), names, r.GetValue(json), r.InvocationConfiguration.Output);
            return ExitCodes.Ok;
        });
        return cmd;
    }

    internal static void PrintEvents(IEnumerable<StoredEvent> events, IReadOnlyDictionary<int, string> names, bool json, TextWriter output)
    {
        using var jsonLines = json ? new LogJson(output) : null;
        foreach (var se in events)
        {
            var name = names.TryGetValue(se.Capture, out var n) ? n : se.Capture.ToString(CultureInfo.InvariantCulture);
            var e = se.Event;
            if (jsonLines is not null)
            {
                jsonLines.WriteEvent(name, e);
            }
            else
            {
                var fields = string.Join(' ', e.Fields.Select(f => f.ToString()));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name}:{e.LineNo} boot {e.Boot} {e.Severity.ToJson(),-8} {e.Kind} {fields}").TrimEnd());
            }
        }
    }

    /// <summary>
    /// <c>bkconsole boots --db PATH [--capture C] [--json]</c>: the stored boots of one capture or of all, one row or
    /// JSON object (event-kinds.md shape, "file" = the capture's source name) per boot.
    /// </summary>
    public static int PrintStoredBoots(string? dbPath, int? capture, bool json, TextWriter output)
    {
        using var store = OpenExisting(dbPath);
        var captures = capture is { } id
            ? [store.Capture(id) ?? throw new UsageException($"there is no capture {id} in {store.Path}", "list them with: bkconsole captures")]
            : store.Captures();
        using var jsonLines = json ? new LogJson(output) : null;
        if (!json) output.WriteLine($"{"capture",7} {"boot",4} {"lines",-15} {"bootloader",-16} {"firmware",-12} {"jump",-9} {"reset",-12} events");
        foreach (var c in captures)
        {
            foreach (var b in store.Boots(c.Id))
            {
                if (jsonLines is not null)
                {
                    jsonLines.WriteBoot(c.Name, b);
                    continue;
                }
                string jump = b.Jump is { } j ? "0x" + j.ToString("x", CultureInfo.InvariantCulture) : "-";
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{c.Id,7} {b.Index,4} {b.FirstLine + "-" + b.LastLine,-15} {b.Bootloader ?? "-",-16} {b.Firmware ?? "-",-12} {jump,-9} {b.ResetReason ?? "-",-12} {b.Events}"));
            }
        }
        return ExitCodes.Ok;
    }

    /// <summary>
    /// Opens a store that must already exist (query verbs do not create one), read-only: a snapshot that works
    /// while a monitor, demo or import writes the store.
    /// </summary>
    internal static BkStore OpenExisting(string? dbPath)
    {
        var path = Path.GetFullPath(dbPath ?? StorePaths.DefaultDatabase());
        if (!File.Exists(path))
            throw new BkException($"there is no store at {path}", "import a log first: bkconsole import FILE" + (dbPath is null ? "" : " --db " + dbPath));
        return BkStore.OpenReadOnly(path);
    }

    private static string CaptureJson(StoredCapture c)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteNumber("capture", c.Id);
            w.WriteString("source", c.Source == CaptureSource.File ? "file" : "port");
            w.WriteString("file", c.Name);
            w.WriteString("path", c.Path);
            w.WriteString("state", StateName(c.State));
            w.WriteString("started", c.Started.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            if (c.Ended is { } end) w.WriteString("ended", end.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            else w.WriteNull("ended");
            w.WriteNumber("lines", c.Lines);
            w.WriteNumber("bytes", c.Bytes);
            w.WriteNumber("events", c.Events);
            w.WriteNumber("boots", c.Boots);
            w.WriteNumber("gaps", c.Gaps);
            if (c.Size is { } size) w.WriteNumber("size", size); else w.WriteNull("size");
            w.WriteString("sha256", c.Sha256);
            if (c.Baud is { } baud) w.WriteNumber("baud", baud); else w.WriteNull("baud");
            w.WriteString("device", c.Device);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    private static string StateName(CaptureState s) => s switch
    {
        CaptureState.Live => "live",
        CaptureState.Complete => "complete",
        _ => "incomplete",
    };

    private static string Describe(StoredCapture c) => c.Source == CaptureSource.File
        ? $"{c.Name} ({c.Size} bytes)"
        : $"{c.Path ?? c.Name} @ {c.Baud}";
}
