using BkConsole.Storage.Tests.Support;
using BkConsole.TestKit;

namespace BkConsole.Storage.Tests;

/// <summary>A spool file left by a killed writer goes into its capture on the next open, once, even if that replay is killed too.</summary>
public sealed class SpoolReplayTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private const int Lines = 20_000;

    /// <summary>Kills a live writer after it committed part of its spool; the rest is in the spool file.</summary>
    private static string KillWithDataInTheSpool(string db)
    {
        using var child = Child.Start("--spool-helper", db, Lines.ToString(System.Globalization.CultureInfo.InvariantCulture), "4000");
        child.WaitFor("fed ", Deadline);
        var stopped = child.WaitFor("stopped ", Deadline);
        child.Kill();
        var spool = stopped[(stopped.IndexOf(" spool ", StringComparison.Ordinal) + 7)..];
        Assert.True(File.Exists(spool), "the killed writer left no spool file");
        return spool;
    }

    private static void AssertEverythingOnce(BkStore store)
    {
        var c = Assert.Single(store.Captures());
        Assert.Equal(CaptureState.Incomplete, c.State);
        Assert.Equal(Lines, c.Lines);
        var back = store.Lines(c.Id).ToList();
        Assert.Equal(Enumerable.Range(1, Lines), back.Select(l => l.LineNo));
        var expected = Synthetic.Lines(Lines);
        for (int i = 0; i < Lines; i += 997) Synthetic.AssertSameLine(expected[i], back[i]);
        var events = store.Events(new EventQuery { Capture = c.Id }).Select(e => e.Event.LineNo).ToList();
        Assert.Equal(Enumerable.Range(1, Lines).Where(n => n % 3 == 0), events);
        Assert.Equal(c.Events, events.Count);
        Assert.Equal(Lines / 1000 + 1, c.Boots);
        Assert.Empty(store.Gaps(c.Id));
        Assert.Empty(store.CheckConsistency());
    }

    [Fact]
    public void A_spool_left_by_a_killed_writer_is_replayed_on_open_and_deleted()
    {
        using var tmp = new TempFolder("spool");
        var db = tmp.File("s.db");
        var spool = KillWithDataInTheSpool(db);

        using (var before = BkStore.OpenReadOnly(db))
        {
            var c = before.Captures().Single();
            Assert.InRange(c.Lines, 4000, Lines - 1); // part stored, the rest only in the spool
        }
        using (var store = BkStore.Open(db))
        {
            Assert.False(File.Exists(spool));
            Assert.Contains(store.OpenNotes, n => n.Contains("spool file", StringComparison.Ordinal));
            AssertEverythingOnce(store);
        }
        using var again = BkStore.Open(db); // nothing left to replay: still everything once
        Assert.Empty(again.OpenNotes);
        AssertEverythingOnce(again);
    }

    [Fact]
    public void A_replay_killed_half_way_leaves_nothing_twice_and_the_next_open_finishes_it()
    {
        using var tmp = new TempFolder("spool");
        var db = tmp.File("s.db");
        var spool = KillWithDataInTheSpool(db);
        long storedBefore;
        using (var ro = BkStore.OpenReadOnly(db)) storedBefore = ro.Captures().Single().Lines;

        using (var child = Child.Start("--replay-helper", db, "2"))
        {
            child.WaitFor("replaying", Deadline);
            child.Kill();
        }
        Assert.True(File.Exists(spool));
        using (var ro = BkStore.OpenReadOnly(db))
        {
            Assert.Equal(storedBefore, ro.Captures().Single().Lines); // the killed replay left no trace
            Assert.Empty(ro.CheckConsistency());
        }
        using var store = BkStore.Open(db);
        Assert.False(File.Exists(spool));
        AssertEverythingOnce(store);
    }

    [Fact]
    public void A_spool_cut_off_mid_record_replays_its_whole_records()
    {
        using var tmp = new TempFolder("spool");
        var db = tmp.File("s.db");
        var spool = KillWithDataInTheSpool(db);
        // Cut the file in the middle of its last big record (a line block; small ones are boot updates), as a
        // crash during that write would.
        long cut = -1;
        using (var f = new FileStream(spool, FileMode.Open))
        {
            var len = new byte[4];
            for (long at = 0; at + 4 <= f.Length; )
            {
                f.Position = at;
                f.ReadExactly(len);
                int n = BitConverter.ToInt32(len);
                if (n > 1000) cut = at + 4 + n / 2;
                at += 4 + n;
            }
            Assert.True(cut > 0);
            f.SetLength(cut);
        }

        using var store = BkStore.Open(db);
        var c = store.Captures().Single();
        Assert.InRange(c.Lines, 4000, Lines - 1); // the cut record and what follows are lost, the rest is there once
        Assert.Equal(Enumerable.Range(1, (int)c.Lines), store.Lines(c.Id).Select(l => l.LineNo));
        Assert.Contains(store.OpenNotes, n => n.Contains("cut off", StringComparison.Ordinal));
        Assert.Empty(store.CheckConsistency());
        Assert.False(File.Exists(spool));
    }

    [Fact]
    public void Lines_a_killed_writer_never_committed_before_its_spool_are_recorded_as_a_gap()
    {
        using var tmp = new TempFolder("spool");
        var db = tmp.File("s.db");
        int id;
        using (var store = BkStore.Open(db))
        {
            using var w = store.BeginCapture(CaptureStart.ForPort("/dev/ttyUSB0", 115200));
            id = w.CaptureId;
            Synthetic.Feed(w, Synthetic.Lines(1000));
            Assert.True(w.Flush(Deadline));
        }
        // The spool the writer would have left had lines 1001..2000 been in the batch the kill -9 interrupted.
        var lines = Synthetic.Lines(500, first: 2001);
        var record = new LiteDB.BsonDocument
        {
            ["l"] = new LiteDB.BsonArray(new LiteDB.BsonValue[] { BkStore.LineBlockToDoc(id, lines, new Blocks.PackWriter(4096), new Blocks.PackWriter(4096)) }),
            ["y"] = lines.Sum(l => (long)l.Raw.Length),
            ["e"] = new LiteDB.BsonArray(lines.Select(Synthetic.EventFor).OfType<Core.Events.LogEvent>().Select(e => (LiteDB.BsonValue)CaptureWriter.EventToDoc(e))),
            ["b"] = new LiteDB.BsonArray(new LiteDB.BsonValue[] { BkStore.BootToDoc(id, Synthetic.BootFor(3, 2001, 2500, 166)) }),
            ["g"] = new LiteDB.BsonArray(),
        };
        var bytes = LiteDB.BsonSerializer.Serialize(record);
        using (var f = File.Create(StorePaths.SpoolFileOf(db, id)))
        {
            f.Write(BitConverter.GetBytes(bytes.Length));
            f.Write(bytes);
        }

        using var reopened = BkStore.Open(db);
        var c = reopened.Capture(id)!;
        Assert.Equal(1500, c.Lines);
        Assert.Equal(Enumerable.Range(1, 1000).Concat(Enumerable.Range(2001, 500)), reopened.Lines(id).Select(l => l.LineNo));
        var gap = Assert.Single(reopened.Gaps(id));
        Assert.Equal(1000, gap.LineBefore);
        Assert.StartsWith("lost", gap.Reason);
        Assert.Equal(c.Events, reopened.Events(new EventQuery { Capture = id }).Count());
        Assert.Equal(3, c.Boots);
        Assert.Empty(reopened.CheckConsistency());
    }
}
