using System.Text;
using System.Text.Json;
using BkConsole.Cli;
using BkConsole.Core.Events;
using BkConsole.Storage;
using BkConsole.TestKit;

namespace BkConsole.Tests.Store;

public sealed class StoreCommandsTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => Support.CliHarness.Run(args);

    /// <summary>A store with one capture "06_doorbell.log": 3 lines, 2 events, 1 boot.</summary>
    private static string MakeStore(TempFolder tmp)
    {
        var db = tmp.File("s.db");
        using var store = BkStore.Open(db);
        using var w = store.BeginCapture(CaptureStart.ForFile(tmp.File("06_doorbell.log"), 99, "abc"), CaptureWriterOptions.ForImport);
        var t = new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
        string[] texts = ["BK7231S_1.0.5", "go os_addr(0x10000)..........", "[E/FAL] Partition table NOT found on flash"];
        long offset = 0;
        for (int i = 0; i < texts.Length; i++)
        {
            var raw = Encoding.ASCII.GetBytes(texts[i] + "\r\n");
            w.Add(new LogLine(i + 1, i + 1, t, texts[i], raw, LineEnding.CrLf) { Offset = offset });
            offset += raw.Length;
        }
        w.Add(new LogEvent("boot.jump", Severity.Info, 2, 2, texts[1], [EventField.Address("address", 0x10000)]) { Boot = 1 });
        w.Add(new LogEvent("fal.partition_table_missing", Severity.Error, 3, 3, texts[2],
            [EventField.Of("device", "beken_onchip_crc"), EventField.Of("length", 0)]) { Boot = 1 });
        w.Add(new BootRecord(1, 1, 3, "BK7231S_1.0.5", "rt-thread", 0x10000, null, 2));
        Assert.True(w.Complete(TimeSpan.FromSeconds(30)));
        return db;
    }

    [Fact]
    public void Events_json_follows_the_contract_with_the_capture_name_as_file()
    {
        using var tmp = new TempFolder("cli");
        var db = MakeStore(tmp);
        var (code, output, err) = Run("events", "--db", db, "--json");
        Assert.Equal(0, code);
        Assert.Equal("", err);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal("""{"file":"06_doorbell.log","boot":1,"line":2,"kind":"boot.jump","severity":"info","fields":{"address":"0x10000"},"text":"go os_addr(0x10000).........."}""", lines[0]);
        using var doc = JsonDocument.Parse(lines[1]);
        Assert.Equal(0, doc.RootElement.GetProperty("fields").GetProperty("length").GetInt32());
        Assert.Equal("error", doc.RootElement.GetProperty("severity").GetString());
    }

    [Fact]
    public void Events_filter_by_kind_severity_capture_and_boot()
    {
        using var tmp = new TempFolder("cli");
        var db = MakeStore(tmp);
        Assert.Contains("fal.partition_table_missing", Run("events", "--db", db, "--severity", "warning").Out);
        Assert.DoesNotContain("boot.jump", Run("events", "--db", db, "--severity", "warning").Out);
        Assert.Single(Run("events", "--db", db, "--kind", "boot.jump", "--capture", "1", "--boot", "1").Out
            .Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("", Run("events", "--db", db, "--boot", "2").Out);
        Assert.StartsWith("06_doorbell.log:2 boot 1 info", Run("events", "--db", db, "--kind", "boot.*").Out);
    }

    [Fact]
    public void Bad_queries_get_a_usage_error_with_advice()
    {
        using var tmp = new TempFolder("cli");
        var db = MakeStore(tmp);
        var bad = Run("events", "--db", db, "--severity", "loud");
        Assert.Equal(2, bad.Code);
        Assert.Contains("unknown severity 'loud'", bad.Err);
        var missing = Run("events", "--db", db, "--capture", "7");
        Assert.Equal(2, missing.Code);
        Assert.Contains("bkconsole captures", missing.Err);
    }

    [Fact]
    public void Querying_a_store_that_does_not_exist_says_how_to_make_one_and_creates_nothing()
    {
        using var tmp = new TempFolder("cli");
        var (code, _, err) = Run("events", "--db", tmp.File("none.db"));
        Assert.Equal(1, code);
        Assert.Contains("there is no store", err);
        Assert.Contains("bkconsole import", err);
        Assert.False(File.Exists(tmp.File("none.db")));
    }

    [Fact]
    public void Captures_lists_each_capture_as_a_row_or_json()
    {
        using var tmp = new TempFolder("cli");
        var db = MakeStore(tmp);
        var table = Run("captures", "--db", db);
        Assert.Equal(0, table.Code);
        Assert.Contains("complete", table.Out);
        Assert.Contains("06_doorbell.log", table.Out);
        using var doc = JsonDocument.Parse(Run("captures", "--db", db, "--json").Out.Trim());
        Assert.Equal(1, doc.RootElement.GetProperty("capture").GetInt32());
        Assert.Equal(3, doc.RootElement.GetProperty("lines").GetInt32());
        Assert.Equal(2, doc.RootElement.GetProperty("events").GetInt32());
        Assert.Equal("abc", doc.RootElement.GetProperty("sha256").GetString());
    }

    [Fact]
    public void Stored_boots_print_in_the_boots_json_shape()
    {
        using var tmp = new TempFolder("cli");
        var db = MakeStore(tmp);
        var o = new StringWriter();
        Assert.Equal(0, StoreCommands.PrintStoredBoots(db, null, json: true, o));
        Assert.Equal("""{"file":"06_doorbell.log","boot":1,"firstLine":1,"lastLine":3,"bootloader":"BK7231S_1.0.5","firmware":"rt-thread","jump":"0x10000","resetReason":null,"events":2}""",
            o.ToString().Trim());
        var table = new StringWriter();
        StoreCommands.PrintStoredBoots(db, 1, json: false, table);
        Assert.Contains("0x10000", table.ToString());
    }
}
