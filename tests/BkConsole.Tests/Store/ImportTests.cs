using BkConsole.Cli;
using BkConsole.Logs.Pipeline;
using BkConsole.Storage;
using BkConsole.TestKit;

namespace BkConsole.Tests.Store;

public sealed class ImportTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => Support.CliHarness.Run(args);

    [Fact]
    public void Every_real_log_imports_byte_for_byte_with_the_events_and_boots_that_parse_finds()
    {
        using var tmp = new TempFolder("import");
        var db = tmp.File("s.db");
        var logs = Directory.GetFiles(RepoPaths.Logs, "*.log").OrderBy(p => p, StringComparer.Ordinal).ToArray();
        var (code, output, err) = Run(["import", .. logs, "--db", db]);
        Assert.True(code == 0, err);
        using var store = BkStore.Open(db);
        var options = new LogPipelineOptions { Rules = BkConsole.Logs.Rules.RuleSet.BuiltIn };
        var captures = store.Captures();
        Assert.Equal(logs.Length, captures.Count);
        for (int i = 0; i < logs.Length; i++)
        {
            var c = captures[i];
            Assert.Equal(Path.GetFileName(logs[i]), c.Name);
            Assert.Equal(CaptureState.Complete, c.State);
            Assert.Contains($"capture {c.Id}: {c.Name}", output);
            var bytes = File.ReadAllBytes(logs[i]);
            Assert.Equal(bytes, store.Lines(c.Id).SelectMany(l => l.Raw.ToArray()).ToArray());
            Assert.Equal(bytes.Length, c.Bytes);

            var parsed = LogPipeline.ParseFile(logs[i], options);
            var stored = store.Events(new EventQuery { Capture = c.Id }).Select(e => e.Event).ToList();
            Assert.Equal(parsed.Events.Count, stored.Count);
            for (int k = 0; k < stored.Count; k++)
            {
                Assert.Equal(parsed.Events[k].Kind, stored[k].Kind);
                Assert.Equal(parsed.Events[k].LineNo, stored[k].LineNo);
                Assert.Equal(parsed.Events[k].Boot, stored[k].Boot);
                Assert.Equal(parsed.Events[k].Text, stored[k].Text);
                Assert.Equal(parsed.Events[k].Fields, stored[k].Fields);
            }
            Assert.Equal(parsed.Boots, store.Boots(c.Id));
        }
        Assert.Empty(store.CheckConsistency());
    }

    [Fact]
    public void Importing_the_same_file_again_says_it_is_stored_unless_forced()
    {
        using var tmp = new TempFolder("import");
        var log = Directory.GetFiles(RepoPaths.Logs, "*.log").OrderBy(p => p, StringComparer.Ordinal).First();
        var options = new LogPipelineOptions { Rules = BkConsole.Logs.Rules.RuleSet.BuiltIn };
        using var store = BkStore.Open(tmp.File("s.db"));
        var o = new StringWriter();
        var first = StoreCommands.Import(store, log, force: false, o, options, CancellationToken.None)!;
        var again = StoreCommands.Import(store, log, force: false, o, options, CancellationToken.None)!;
        Assert.Equal(first.Id, again.Id);
        Assert.Contains($"already stored as capture {first.Id} (same SHA-256); --force imports it again", o.ToString());
        var forced = StoreCommands.Import(store, log, force: true, o, options, CancellationToken.None)!;
        Assert.NotEqual(first.Id, forced.Id);
        Assert.Equal(first.Lines, forced.Lines);
        Assert.Equal(2, store.Captures().Count);
    }

    [Fact]
    public void A_missing_file_is_a_failed_input_and_nothing_is_imported()
    {
        using var tmp = new TempFolder("import");
        var log = Directory.GetFiles(RepoPaths.Logs, "*.log").First();
        var (code, _, err) = Run("import", log, tmp.File("nope.log"), "--db", tmp.File("s.db"));
        Assert.Equal(1, code); // missing input = 1, like parse (CliConsistencyTests)
        Assert.Contains("file not found", err);
        Assert.False(File.Exists(tmp.File("s.db")));
    }
}
