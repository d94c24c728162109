using System.Security.Cryptography;
using BkConsole.Core.Errors;
using BkConsole.Core.Events;
using BkConsole.Logs.Diagnosis;
using BkConsole.Storage;

namespace BkConsole.Cli;

/// <summary>A capture ready for diagnosis or diff: boots, events and lines, from a file or from the store.</summary>
internal sealed record CaptureData(string Name, IReadOnlyList<BootRecord> Boots, IReadOnlyList<LogEvent> Events, IReadOnlyList<LogLine> Lines)
{
    public DiagnosisInput ToInput()
    {
        var texts = Lines.Count == 0 ? null : LineTexts();
        return DiagnosisInput.From(Boots, Events, texts) with { LineCount = Math.Max(Lines.Count, Boots.Count == 0 ? 0 : Boots.Max(b => b.LastLine)) };
    }

    private List<string> LineTexts()
    {
        int max = Lines.Max(l => l.LineNo);
        var texts = new List<string>(max);
        for (int i = 0; i < max; i++) texts.Add("");
        foreach (var l in Lines) if (l.LineNo >= 1) texts[l.LineNo - 1] = l.Text;
        return texts;
    }

    public BootSide Side(int boot)
    {
        var record = Boots.FirstOrDefault(b => b.Index == boot)
                     ?? throw new UsageException($"{Name} has no boot {boot} (it has {Boots.Count})",
                         Boots.Count > 0 ? $"choose 1..{Boots.Max(b => b.Index)}" : "the capture has no boot");
        var byLine = Lines.Where(l => l.LineNo >= record.FirstLine && l.LineNo <= record.LastLine).ToDictionary(l => l.LineNo, l => l.HostTime);
        return new BootSide($"{Path.GetFileName(Name)} boot {boot}", record, Events.Where(e => e.Boot == boot).ToList(),
            n => byLine.TryGetValue(n, out var t) ? t : null);
    }

    public static CaptureData FromStore(BkStore store, int id)
    {
        var cap = store.Capture(id) ?? throw new UsageException($"no capture {id} in {store.Path}", "list them with 'bkconsole boots --db ...' or import a log with 'bkconsole parse'");
        var boots = store.Boots(id);
        var events = store.Events(new EventQuery { Capture = id }).Select(e => e.Event).ToList();
        var lines = store.Lines(id).ToList();
        return new CaptureData(cap.Name, boots, events, lines);
    }

    /// <summary>
    /// A log file: the capture imported from it earlier (same SHA-256) if the store has one, else parsed now. The name is
    /// the path as given (event-kinds.md: <c>file</c> = the file name as given). A store that cannot be opened (in use by
    /// a running monitor) only costs the lookup: the file is parsed instead. With extra <paramref name="rules"/> the file
    /// is always parsed now (the stored events were classified without them).
    /// </summary>
    public static CaptureData FromFile(string path, string? db, Logs.Rules.RuleSet? rules = null) =>
        FromFile(path, db, StorePaths.DefaultDatabase(), rules);

    internal static CaptureData FromFile(string path, string? db, string defaultDb, Logs.Rules.RuleSet? rules = null)
    {
        InputFiles.Check(path, "log file");
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw InputFiles.Unreadable(path, ex);
        }
        if (rules != null) return LogFileParser.Parse(path, new Logs.Pipeline.LogPipelineOptions { Rules = rules });
        var dbPath = db ?? defaultDb;
        if (File.Exists(dbPath))
        {
            var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
            try
            {
                using var store = BkStore.OpenReadOnly(dbPath);
                if (store.FindCaptureBySha256(sha) is { } cap)
                    return FromStore(store, cap.Id) with { Name = path };
            }
            catch (BkException) when (db == null)
            {
                // The default store is busy or unreadable: diagnose the file itself.
            }
        }
        return LogFileParser.Parse(path);
    }
}
