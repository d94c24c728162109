using BkConsole.Core.Errors;
using BkConsole.Core.Events;
using BkConsole.Core.Flash;
using BkConsole.Storage.Tests.Support;
using BkConsole.TestKit;

namespace BkConsole.Storage.Tests;

public sealed class BkStoreTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public void An_imported_capture_gives_back_its_lines_events_boots_and_counts()
    {
        using var tmp = new TempFolder("store");
        var lines = Synthetic.Lines(5000);
        int id;
        using (var store = BkStore.Open(tmp.File("a.db")))
        {
            using var w = store.BeginCapture(CaptureStart.ForFile(tmp.File("x.log"), 123, "ab"), CaptureWriterOptions.ForImport);
            id = w.CaptureId;
            Synthetic.Feed(w, lines);
            Assert.True(w.Complete(Deadline));
        }
        using (var store = BkStore.Open(tmp.File("a.db")))
        {
            var c = Assert.Single(store.Captures());
            Assert.Equal(id, c.Id);
            Assert.Equal(CaptureState.Complete, c.State);
            Assert.Equal("x.log", c.Name);
            Assert.Equal("ab", c.Sha256);
            Assert.Equal(5000, c.Lines);
            Assert.Equal(lines.Sum(l => (long)l.Raw.Length), c.Bytes);
            var expectedEvents = lines.Select(Synthetic.EventFor).OfType<LogEvent>().ToList();
            Assert.Equal(expectedEvents.Count, c.Events);
            Assert.Equal(6, c.Boots);
            Assert.NotNull(c.Ended);

            var back = store.Lines(id).ToList();
            Assert.Equal(lines.Count, back.Count);
            for (int i = 0; i < lines.Count; i++) Synthetic.AssertSameLine(lines[i], back[i]);

            var events = store.Events(new EventQuery { Capture = id }).ToList();
            Assert.Equal(expectedEvents.Count, events.Count);
            for (int i = 0; i < events.Count; i++) Synthetic.AssertSameEvent(expectedEvents[i], events[i].Event);

            var boots = store.Boots(id);
            Assert.Equal([1, 2, 3, 4, 5, 6], boots.Select(b => b.Index));
            Assert.Equal(1000, boots[1].FirstLine);
            Assert.Equal(1999, boots[1].LastLine);
            Assert.Equal(0x10000UL, boots[0].Jump);
            Assert.Equal("watchdog", boots[2].ResetReason);
            Assert.Empty(store.CheckConsistency());
        }
    }

    [Fact]
    public void Events_are_found_by_kind_family_boot_severity_and_capture()
    {
        using var tmp = new TempFolder("store");
        using var store = BkStore.Open(tmp.File("a.db"));
        int first, second;
        using (var w = store.BeginCapture(CaptureStart.ForFile(tmp.File("one.log"), 1, "1"), CaptureWriterOptions.ForImport))
        {
            first = w.CaptureId;
            Synthetic.Feed(w, Synthetic.Lines(3000));
            w.Complete(Deadline);
        }
        using (var w = store.BeginCapture(CaptureStart.ForFile(tmp.File("two.log"), 1, "2"), CaptureWriterOptions.ForImport))
        {
            second = w.CaptureId;
            Synthetic.Feed(w, Synthetic.Lines(90));
            w.Complete(Deadline);
        }
        var jumps = store.Events(new EventQuery { Kind = "boot.jump" }).ToList();
        Assert.Equal(333 + 10, jumps.Count);
        Assert.All(jumps, e => Assert.Equal("boot.jump", e.Event.Kind));
        Assert.Equal(10, jumps.Count(e => e.Capture == second));

        var boot2 = store.Events(new EventQuery { Capture = first, Boot = 2 }).ToList();
        Assert.Equal(Enumerable.Range(1000, 1000).Count(n => n % 3 == 0), boot2.Count);
        Assert.All(boot2, e => Assert.InRange(e.Event.LineNo, 1000, 1999));

        var errors = store.Events(new EventQuery { Capture = first, MinSeverity = Severity.Warning }).ToList();
        Assert.All(errors, e => Assert.Equal("fal.partition_table_missing", e.Event.Kind));
        Assert.Equal(Enumerable.Range(1, 3000).Count(n => n % 9 == 3), errors.Count);

        var family = store.Events(new EventQuery { Capture = second, Kind = "fal.*" }).ToList();
        Assert.Equal(10, family.Count);
        Assert.Equal(0x1000, family[0].Event.Field("offset")!.Value.Number);

        var range = store.Events(new EventQuery { Capture = first, FromLine = 10, ToLine = 20 }).Select(e => e.Event.LineNo);
        Assert.Equal([12, 15, 18], range);
    }

    [Fact]
    public void A_range_of_raw_lines_starts_and_ends_where_asked_across_blocks()
    {
        using var tmp = new TempFolder("store");
        using var store = BkStore.Open(tmp.File("a.db"));
        var lines = Synthetic.Lines(10_000);
        using var w = store.BeginCapture(CaptureStart.ForFile(tmp.File("x.log"), 1, "x"),
            CaptureWriterOptions.ForImport with { LinesPerBlock = 700 });
        Synthetic.Feed(w, lines);
        w.Complete(Deadline);
        var got = store.Lines(w.CaptureId, 1390, 2810).ToList();
        Assert.Equal(Enumerable.Range(1390, 2810 - 1390 + 1), got.Select(l => l.LineNo));
        Synthetic.AssertSameLine(lines[1389], got[0]);
        Assert.Equal([10_000], store.Lines(w.CaptureId, 10_000, 20_000).Select(l => l.LineNo));
        Assert.Empty(store.Lines(w.CaptureId, 10_001));
        Assert.Empty(store.Lines(w.CaptureId + 1));
    }

    [Fact]
    public void A_live_writer_commits_lines_as_they_come_without_being_flushed()
    {
        using var tmp = new TempFolder("store");
        using var store = BkStore.Open(tmp.File("a.db"));
        using var w = store.BeginCapture(CaptureStart.ForPort("/dev/ttyUSB0", 115200),
            new CaptureWriterOptions { CommitInterval = TimeSpan.FromMilliseconds(20) });
        var lines = Synthetic.Lines(30);
        for (int round = 0; round < 3; round++)
        {
            Synthetic.Feed(w, lines.Skip(round * 10).Take(10));
            int expected = (round + 1) * 10;
            var deadline = DateTime.UtcNow + Deadline;
            while (store.Capture(w.CaptureId)!.Lines < expected && DateTime.UtcNow < deadline) Thread.Sleep(10);
            var c = store.Capture(w.CaptureId)!;
            Assert.Equal(expected, c.Lines);
            Assert.Equal(CaptureState.Live, c.State);
            Assert.Equal(Enumerable.Range(1, expected), store.Lines(w.CaptureId).Select(l => l.LineNo));
        }
        Assert.True(w.Complete(Deadline));
        Assert.Equal(CaptureState.Complete, store.Capture(w.CaptureId)!.State);
        Assert.Equal(115200, store.Capture(w.CaptureId)!.Baud);
    }

    [Fact]
    public void An_event_that_comes_before_its_line_waits_for_the_line()
    {
        using var tmp = new TempFolder("store");
        using var store = BkStore.Open(tmp.File("a.db"));
        using var w = store.BeginCapture(CaptureStart.ForPort("/dev/ttyUSB0", 115200));
        var lines = Synthetic.Lines(6);
        w.AddRange(lines.Take(3));
        w.Add(Synthetic.EventFor(lines[5])!);
        Assert.True(w.Flush(Deadline));
        w.AddRange(lines.Skip(3));
        Assert.True(w.Complete(Deadline));
        Assert.Equal([6], store.Events(new EventQuery { Capture = w.CaptureId }).Select(e => e.Event.LineNo));
        Assert.Empty(store.CheckConsistency());
    }

    [Fact]
    public void A_stalled_store_sends_blocks_to_a_spool_file_and_loses_nothing()
    {
        using var tmp = new TempFolder("store");
        using var store = BkStore.Open(tmp.File("a.db"));
        using var gate = new ManualResetEventSlim(false);
        var options = new CaptureWriterOptions { MaxQueuedLines = 1000, LinesPerBlock = 500 };
        using var w = store.BeginCapture(CaptureStart.ForPort("/dev/ttyUSB0", 921600), options);
        w.TestCommitGate = gate;
        var lines = Synthetic.Lines(20_000);
        Synthetic.Feed(w, lines); // must not block although nothing can be committed
        var stats = w.Stats;
        Assert.True(stats.SpooledBlocks >= 30, $"spooled {stats.SpooledBlocks}");
        Assert.NotNull(stats.SpoolFile);
        Assert.True(File.Exists(stats.SpoolFile));
        gate.Set();
        Assert.True(w.Complete(Deadline));
        Assert.False(File.Exists(stats.SpoolFile));
        var back = store.Lines(w.CaptureId).ToList();
        Assert.Equal(lines.Count, back.Count);
        for (int i = 0; i < lines.Count; i++) Synthetic.AssertSameLine(lines[i], back[i]);
        Assert.Equal(lines.Count(l => l.LineNo % 3 == 0), store.Events(new EventQuery { Capture = w.CaptureId }).Count());
        Assert.Equal(21, store.Capture(w.CaptureId)!.Boots);
        Assert.Empty(store.CheckConsistency());
    }

    [Fact]
    public void The_wait_policy_bounds_memory_and_stores_everything()
    {
        using var tmp = new TempFolder("store");
        using var store = BkStore.Open(tmp.File("a.db"));
        using var w = store.BeginCapture(CaptureStart.ForFile(tmp.File("x.log"), 1, "x"),
            CaptureWriterOptions.ForImport with { MaxQueuedLines = 600, LinesPerBlock = 200 });
        Synthetic.Feed(w, Synthetic.Lines(20_000));
        Assert.Null(w.Stats.SpoolFile);
        Assert.True(w.Complete(Deadline));
        Assert.Equal(0, w.Stats.SpooledBlocks);
        Assert.Equal(20_000, store.Capture(w.CaptureId)!.Lines);
        Assert.Empty(store.CheckConsistency());
    }

    [Fact]
    public void A_writer_disposed_without_completing_leaves_an_incomplete_capture_with_its_lines()
    {
        using var tmp = new TempFolder("store");
        using var store = BkStore.Open(tmp.File("a.db"));
        int id;
        using (var w = store.BeginCapture(CaptureStart.ForPort("/dev/ttyUSB0", 115200)))
        {
            id = w.CaptureId;
            Synthetic.Feed(w, Synthetic.Lines(100));
        }
        var c = store.Capture(id)!;
        Assert.Equal(CaptureState.Incomplete, c.State);
        Assert.Equal(100, c.Lines);
    }

    [Fact]
    public void Lines_must_come_in_increasing_order()
    {
        using var tmp = new TempFolder("store");
        using var store = BkStore.Open(tmp.File("a.db"));
        using var w = store.BeginCapture(CaptureStart.ForPort("p", 1));
        w.Add(Synthetic.Line(5));
        Assert.Throws<ArgumentException>(() => w.Add(Synthetic.Line(5)));
    }

    [Fact]
    public void A_second_open_of_the_same_file_is_refused_with_advice()
    {
        using var tmp = new TempFolder("store");
        using var store = BkStore.Open(tmp.File("a.db"));
        var ex = Assert.Throws<BkException>(() => BkStore.Open(tmp.File("a.db")));
        Assert.Contains("in use", ex.Message);
        Assert.Contains("--db", ex.Advice);
    }

    [Fact]
    public void A_store_in_a_folder_where_no_file_can_be_created_is_a_clear_error_not_in_use()
    {
        // /proc refuses new files even for root, like a read-only or foreign folder does for a user.
        var ex = Assert.Throws<BkException>(() => BkStore.Open("/proc/bkconsole-qa-test.db"));
        Assert.DoesNotContain("in use", ex.Message);
        Assert.Contains("cannot", ex.Message);
        Assert.Contains("--db", ex.Advice);
    }

    [Fact]
    public void A_file_that_is_not_a_store_gives_a_clear_error()
    {
        using var tmp = new TempFolder("store");
        File.WriteAllText(tmp.File("junk.db"), new string('x', 20000));
        var ex = Assert.Throws<BkException>(() => BkStore.Open(tmp.File("junk.db")));
        Assert.Contains("not a bkconsole store", ex.Message);
        // and the lock was released
        File.Delete(tmp.File("junk.db"));
        using var store = BkStore.Open(tmp.File("junk.db"));
    }

    [Fact]
    public void The_store_folder_and_files_are_owner_only()
    {
        if (OperatingSystem.IsWindows()) return;
        using var tmp = new TempFolder("store");
        var db = Path.Combine(tmp.Path, "data", "bkconsole", "bkconsole.db");
        using (var store = BkStore.Open(db))
        {
            using var w = store.BeginCapture(CaptureStart.ForPort("p", 1), CaptureWriterOptions.ForImport);
            Synthetic.Feed(w, Synthetic.Lines(20_000));
            w.Complete(Deadline);
            Assert.Equal(StorePaths.FolderMode, File.GetUnixFileMode(Path.GetDirectoryName(db)!));
            Assert.Equal(StorePaths.FolderMode, File.GetUnixFileMode(Path.Combine(tmp.Path, "data")));
            foreach (var f in Directory.GetFiles(Path.GetDirectoryName(db)!))
                Assert.True(File.GetUnixFileMode(f) == StorePaths.FileMode, $"{f} is {File.GetUnixFileMode(f)}");
        }
        Assert.Equal(StorePaths.FileMode, File.GetUnixFileMode(db));
    }

    [Fact]
    public void The_default_file_follows_xdg_data_home_then_home()
    {
        Assert.Equal("/x/data/bkconsole/bkconsole.db",
            StorePaths.DefaultDatabase(v => v == "XDG_DATA_HOME" ? "/x/data" : "/home/u"));
        Assert.Equal("/home/u/.local/share/bkconsole/bkconsole.db",
            StorePaths.DefaultDatabase(v => v == "HOME" ? "/home/u" : null));
        Assert.Equal("/home/u/.local/share/bkconsole/bkconsole.db",
            StorePaths.DefaultDatabase(v => v == "HOME" ? "/home/u" : "relative/ignored"));
    }

    [Fact]
    public void A_verified_full_backup_is_found_and_partial_or_unverified_dumps_are_not()
    {
        using var tmp = new TempFolder("store");
        using var store = BkStore.Open(tmp.File("a.db"));
        DumpManifest Dump(bool verified, long length, int minute) => new()
        {
            Chip = "bk7231n", Method = "uart", FlashSize = 0x200000, Length = length, Crc32 = "00000000",
            Sha256 = new string('0', 64), Time = Synthetic.T0.AddMinutes(minute), Verified = verified,
            Device = "aa:bb:cc:dd:ee:ff", File = $"d{minute}.bin",
        };
        Assert.Null(store.FindVerifiedBackup("aa:bb:cc:dd:ee:ff"));
        int good = store.RecordDump(Dump(true, 0x200000, 1), capture: 3, boot: 2);
        store.RecordDump(Dump(false, 0x200000, 2));
        store.RecordDump(Dump(true, 0x1000, 3));
        var found = store.FindVerifiedBackup("aa:bb:cc:dd:ee:ff");
        Assert.NotNull(found);
        Assert.Equal(good, found.Id);
        Assert.Equal("d1.bin", found.Manifest.File);
        Assert.Equal(3, found.Capture);
        Assert.Equal(2, found.Boot);
        Assert.Equal(3, store.Dumps("aa:bb:cc:dd:ee:ff").Count);
        Assert.Equal("d3.bin", store.Dumps("aa:bb:cc:dd:ee:ff")[0].Manifest.File);
        Assert.Null(store.FindVerifiedBackup("other"));
    }

    [Fact]
    public void A_device_keeps_its_first_sighting_and_learns_its_chip()
    {
        using var tmp = new TempFolder("store");
        using var store = BkStore.Open(tmp.File("a.db"));
        store.UpsertDevice(new DeviceRecord("usb-1a86_USB_Serial-if00") { Name = "doorbell", FirstSeen = Synthetic.T0 });
        store.UpsertDevice(new DeviceRecord("usb-1a86_USB_Serial-if00") { Chip = "bk7252", FirstSeen = Synthetic.T0.AddDays(1) });
        var d = Assert.Single(store.Devices());
        Assert.Equal("doorbell", d.Name);
        Assert.Equal("bk7252", d.Chip);
        Assert.Equal(Synthetic.T0, d.FirstSeen);
    }

    [Fact]
    public void Reconnect_gaps_are_stored_with_their_capture()
    {
        using var tmp = new TempFolder("store");
        using var store = BkStore.Open(tmp.File("a.db"));
        using var w = store.BeginCapture(CaptureStart.ForPort("/dev/ttyUSB0", 115200));
        w.AddRange(Synthetic.Lines(10));
        w.Add(new CaptureGap(Synthetic.T0, 420, 10) { Resumed = Synthetic.T0.AddSeconds(3), Reason = "unplugged" });
        w.Complete(Deadline);
        var g = Assert.Single(store.Gaps(w.CaptureId));
        Assert.Equal(420, g.BytesBefore);
        Assert.Equal("unplugged", g.Reason);
        Assert.Equal(1, store.Capture(w.CaptureId)!.Gaps);
    }
}
