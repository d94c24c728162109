using System.Text;
using System.Text.Json;
using BkConsole.Cli;
using BkConsole.Core.Events;
using BkConsole.Storage;
using BkConsole.TestKit;

namespace BkConsole.Tests.Diagnose;

/// <summary>diagnose/diff against a real LiteDB store holding captures the way the importer writes them.</summary>
public sealed class DiagnoseCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => Support.CliHarness.Run(args);

    private sealed class Cap
    {
        public List<LogLine> Lines { get; } = [];
        public List<LogEvent> Events { get; } = [];
        public List<BootRecord> Boots { get; } = [];
        private readonly DateTimeOffset _t0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        private int _boot;
        private int _bootStart;
        private string? _bl;

        public Cap Line(string text, double seconds = 0)
        {
            var raw = Encoding.UTF8.GetBytes(text + "\r\n");
            Lines.Add(new LogLine(Lines.Count, Lines.Count + 1, _t0.AddSeconds(seconds), text, raw, LineEnding.CrLf));
            return this;
        }

        public Cap Ev(string text, string kind, Severity sev, double seconds, params EventField[] f)
        {
            Line(text, seconds);
            Events.Add(new LogEvent(kind, sev, Events.Count, Lines.Count, text, f) { Boot = _boot });
            return this;
        }

        public Cap Boot(string banner, double seconds = 0)
        {
            CloseBoot();
            _boot++;
            _bootStart = Lines.Count + 1;
            _bl = banner;
            return Ev(banner, "boot.bootloader", Severity.Info, seconds, EventField.Of("version", banner));
        }

        public Cap Done()
        {
            CloseBoot();
            return this;
        }

        private void CloseBoot()
        {
            if (_boot == 0) return;
            Boots.Add(new BootRecord(_boot, _bootStart, Lines.Count, _bl, null, 0x10000, null, Events.Count(e => e.Boot == _boot)));
        }

        public int Store(string db, string name)
        {
            using var store = BkStore.Open(db);
            using var w = store.BeginCapture(new CaptureStart(CaptureSource.File, name, null), CaptureWriterOptions.ForImport);
            w.AddRange(Lines);
            foreach (var e in Events) w.Add(e);
            foreach (var b in Boots) w.Add(b);
            Assert.True(w.Complete(TimeSpan.FromSeconds(20)));
            return w.CaptureId;
        }
    }

    private static Cap OtaNoFal() =>
        new Cap().Boot("V(0.1.3)", 0).Line("CPSR:0x000000D3", 0.01)
            .Ev("[E/FAL] (fal_partition_init:219) Partition table NOT found on flash: beken_onchip_crc (len: 24) from offset: 0x0000d55c.",
                "fal.partition_table_missing", Severity.Error, 0.02)
            .Ev("go os_addr(0x10000)..........", "boot.jump", Severity.Info, 0.05, EventField.Address("address", 0x10000))
            .Ev("- RT -     Thread Operating System", "rtthread.banner", Severity.Info, 0.30, EventField.Of("version", "3.1.0"))
            .Line("lwIP-2.0.2 initialized!", 0.5)
            .Ev("sta: connected", "wifi.connected", Severity.Info, 3.0)
            .Done();

    [Fact]
    public void Diagnose_capture_prints_json_lines_per_event_kinds_contract()
    {
        using var tmp = new TempFolder("diag");
        var db = tmp.File("s.db");
        int id = OtaNoFal().Store(db, "doorbell.log");
        var (code, output, err) = Run("diagnose", "--capture", id.ToString(), "--db", db, "--json");
        Assert.True(code == 0, err);
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Single();
        using var doc = JsonDocument.Parse(line);
        var r = doc.RootElement;
        Assert.Equal("doorbell.log", r.GetProperty("file").GetString());
        Assert.Equal(1, r.GetProperty("boot").GetInt32());
        Assert.Equal("ota.not_applied_no_fal", r.GetProperty("id").GetString());
        Assert.Equal("error", r.GetProperty("severity").GetString());
        var ev = r.GetProperty("evidence").EnumerateArray().ToList();
        Assert.Equal(3, ev[0].GetProperty("line").GetInt32());
        Assert.Equal("fal.partition_table_missing", ev[0].GetProperty("kind").GetString());
        Assert.Equal(["file", "boot", "id", "severity", "title", "explanation", "evidence", "advice"],
            r.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Diagnose_json_names_the_file_as_given_on_the_command_line()
    {
        using var tmp = new TempFolder("diag");
        var log = tmp.File("doorbell.log");
        File.WriteAllText(log, "V:BK7231S_1.0.5\r\nJ 0x10000\r\nno sdcard\r\n");
        var (code, output, err) = Run("diagnose", log, "--db", tmp.File("none.db"), "--json");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0]);
        Assert.Equal(log, doc.RootElement.GetProperty("file").GetString());
    }

    [Fact]
    public void Diagnose_and_image_info_of_a_folder_say_it_is_a_folder_not_missing()
    {
        using var tmp = new TempFolder("diag");
        var (code, _, err) = Run("diagnose", tmp.Path);
        Assert.Equal(1, code);
        Assert.Contains("is a folder", err);
        (code, _, err) = Run("image", "info", tmp.Path);
        Assert.Equal(1, code);
        Assert.Contains("is a folder", err);
    }

    [Fact]
    public void Diagnose_of_a_file_still_works_while_the_default_store_is_busy()
    {
        using var tmp = new TempFolder("diag");
        var log = tmp.File("boot.log");
        File.WriteAllText(log, "V:BK7231S_1.0.5\r\nJ 0x10000\r\nno sdcard\r\n");
        var defaultDb = tmp.File("default.db");
        using var busy = BkStore.Open(defaultDb); // e.g. a running `bkconsole monitor`
        var capture = CaptureData.FromFile(log, null, defaultDb);
        Assert.Equal(log, capture.Name);
        Assert.Contains(capture.Events, e => e.Kind == "sd.absent");
    }

    [Fact]
    public void Diff_of_files_labels_the_sides_by_file_name_not_the_whole_path()
    {
        using var tmp = new TempFolder("diag");
        var log = tmp.File("two.log");
        File.WriteAllText(log, "V:BK7231S_1.0.5\r\nJ 0x10000\r\nV:BK7231S_1.0.5\r\nJ 0x10000\r\n");
        var (code, output, err) = Run("diff", log + ":1", log + ":2", "--db", tmp.File("none.db"));
        Assert.True(code == 0, err);
        Assert.Contains("A: two.log boot 1", output);
        Assert.DoesNotContain(tmp.Path, output);
    }

    [Fact]
    public void Diagnose_human_output_is_plain_text_with_evidence_and_advice()
    {
        using var tmp = new TempFolder("diag");
        var db = tmp.File("s.db");
        int id = OtaNoFal().Store(db, "doorbell.log");
        var (code, output, _) = Run("diagnose", "--capture", id.ToString(), "--db", db);
        Assert.Equal(0, code);
        Assert.Contains("doorbell.log: 1 boot(s), 1 finding(s) (1 error)", output);
        Assert.Contains("evidence: line 3 fal.partition_table_missing, line 4 boot.jump", output);
        Assert.Contains("what to do:", output);
        Assert.DoesNotContain("\u001b", output);
    }

    [Fact]
    public void Diff_shows_changed_versions_added_events_and_time_per_phase()
    {
        using var tmp = new TempFolder("diag");
        var db = tmp.File("s.db");
        var c = new Cap().Boot("BK7231n_1.0.8", 0)
            .Ev("J 0x10000", "boot.jump", Severity.Info, 0.1, EventField.Address("address", 0x10000))
            .Ev("SDK Rev: 3.0.46", "sdk.rev", Severity.Info, 0.2, EventField.Of("version", "3.0.46"))
            .Ev("wifi connecting", "wifi.connecting", Severity.Info, 1.0)
            .Ev("wifi connected", "wifi.connected", Severity.Info, 2.5)
            .Ev("mqtt connected", "mqtt.connected", Severity.Info, 4.0)
            .Boot("BK7231n_1.0.11", 10)
            .Ev("J 0x10000", "boot.jump", Severity.Info, 10.1, EventField.Address("address", 0x10000))
            .Ev("SDK Rev: 3.0.70", "sdk.rev", Severity.Info, 10.2, EventField.Of("version", "3.0.70"))
            .Ev("task watchdog tiggered", "reset.watchdog", Severity.Warning, 12, EventField.Of("kind", "task watchdog tiggered"))
            .Done();
        int id = c.Store(db, "two.log");
        var (code, output, err) = Run("diff", $"{id}:1", $"{id}:2", "--db", db);
        Assert.True(code == 0, err);
        Assert.Contains("BK7231n_1.0.8", output);
        Assert.Contains("sdk.rev.version", output);
        Assert.Contains("3.0.46 → 3.0.70", output);
        Assert.Contains("+ reset.watchdog", output);
        Assert.Contains("- wifi.connected", output);
        Assert.Contains("bootloader    0.100 s", output);
    }

    [Fact]
    public void Diagnose_without_input_is_a_usage_error()
    {
        var (code, _, err) = Run("diagnose");
        Assert.Equal(2, code);
        Assert.Contains("--capture", err);
    }
}
