using BkConsole.Core.Errors;
using BkConsole.Storage.Tests.Support;
using BkConsole.TestKit;

namespace BkConsole.Storage.Tests;

/// <summary>Read-only openers beside the one writer: snapshots, checkpoints put off, a second writer refused.</summary>
public sealed class SharedReadTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public void A_read_only_open_is_a_snapshot_of_what_was_committed_and_the_writer_goes_on()
    {
        using var tmp = new TempFolder("shared");
        var db = tmp.File("s.db");
        using var store = BkStore.Open(db);
        using var w = store.BeginCapture(CaptureStart.ForPort("/dev/ttyUSB0", 115200));
        Synthetic.Feed(w, Synthetic.Lines(5000));
        Assert.True(w.Flush(Deadline));

        using (var first = BkStore.OpenReadOnly(db))
        {
            Assert.True(first.IsReadOnly);
            Assert.True(first.WriterWasRunning);
            var c = Assert.Single(first.Captures());
            Assert.Equal(CaptureState.Live, c.State);
            Assert.Equal(5000, c.Lines);

            Synthetic.Feed(w, Synthetic.Lines(5000, first: 5001));
            Assert.True(w.Flush(Deadline));
            // The open snapshot does not move; a new one sees the new commits.
            Assert.Equal(5000, first.Capture(c.Id)!.Lines);
            Assert.Equal(5000, first.Lines(c.Id).Count());
            Assert.Empty(first.CheckConsistency());
            using var second = BkStore.OpenReadOnly(db);
            Assert.Equal(10_000, second.Capture(c.Id)!.Lines);
            Assert.Equal(10_000, second.Lines(c.Id).Count());
            Assert.Empty(second.CheckConsistency());

            // Readers present: the writer puts its checkpoint off instead of moving pages under them.
            Assert.False(store.Checkpoint());
            Assert.Equal(1, store.CheckpointCounts.Deferred);
        }
        Assert.True(store.Checkpoint());
        Assert.True(w.Complete(Deadline));
        using var after = BkStore.OpenReadOnly(db);
        Assert.Equal(CaptureState.Complete, after.Captures().Single().State);
        Assert.Equal(10_000, after.Captures().Single().Lines);
    }

    [Fact]
    public void A_read_only_store_refuses_every_write()
    {
        using var tmp = new TempFolder("shared");
        var db = tmp.File("s.db");
        using (var store = BkStore.Open(db))
        {
            using var w = store.BeginCapture(CaptureStart.ForPort("p", 1));
            Synthetic.Feed(w, Synthetic.Lines(10));
            Assert.True(w.Complete(Deadline));
        }
        long size = new FileInfo(db).Length;
        using (var ro = BkStore.OpenReadOnly(db))
        {
            Assert.Throws<InvalidOperationException>(() => ro.BeginCapture(CaptureStart.ForPort("p", 1)));
            Assert.Throws<InvalidOperationException>(() => ro.UpsertDevice(new DeviceRecord("d")));
            Assert.Throws<InvalidOperationException>(() => ro.Checkpoint());
            Assert.Equal(10, ro.Lines(1).Count());
        }
        Assert.Equal(size, new FileInfo(db).Length);
        Assert.False(File.Exists(StorePaths.LogFileOf(db)));
    }

    [Fact]
    public void A_read_only_open_of_a_missing_store_says_so_and_creates_nothing()
    {
        using var tmp = new TempFolder("shared");
        var db = Path.Combine(tmp.Path, "none", "s.db");
        var ex = Assert.Throws<BkException>(() => BkStore.OpenReadOnly(db));
        Assert.Contains("there is no store", ex.Message);
        Assert.Contains("bkconsole import", ex.Advice);
        Assert.False(Directory.Exists(Path.GetDirectoryName(db)));
        File.WriteAllBytes(tmp.File("empty.db"), []);
        var empty = Assert.Throws<BkException>(() => BkStore.OpenReadOnly(tmp.File("empty.db")));
        Assert.Contains("empty", empty.Message);
        Assert.Equal(0, new FileInfo(tmp.File("empty.db")).Length);
    }

    [Fact]
    public void A_capture_left_live_by_a_dead_writer_reads_as_incomplete()
    {
        using var tmp = new TempFolder("shared");
        var db = tmp.File("k.db");
        using (var child = Child.Start("--import-helper", db, "200000"))
        {
            child.WaitFor("stored ", Deadline);
            child.Kill();
        }
        using var ro = BkStore.OpenReadOnly(db);
        Assert.False(ro.WriterWasRunning);
        var c = Assert.Single(ro.Captures());
        Assert.Equal(CaptureState.Incomplete, c.State);
        Assert.Empty(ro.CheckConsistency());
    }

    [Fact]
    public void A_second_writer_is_refused_with_the_pid_and_command_of_the_first()
    {
        using var tmp = new TempFolder("shared");
        var db = tmp.File("s.db");
        using var child = Child.Start("--writer-loop", db, "30", "4000");
        child.WaitFor("open", Deadline);
        var ex = Assert.Throws<BkException>(() => BkStore.Open(db));
        Assert.Contains("in use by another bkconsole", ex.Message);
        Assert.Contains($"pid {child.Pid}:", ex.Message);
        Assert.Contains("--writer-loop", ex.Message);
        Assert.Contains("--db", ex.Advice);
        Assert.Contains("bkconsole events", ex.Advice);
        // ...while reading it works.
        using var ro = BkStore.OpenReadOnly(db);
        Assert.True(ro.WriterWasRunning);
    }

    /// <summary>
    /// A child process writes captures without pause, checkpointing every 40 log pages; three threads here open
    /// the store read-only and query it as fast as they can. Every query succeeds, every snapshot is consistent,
    /// and what each thread sees never shrinks.
    /// </summary>
    [Fact]
    public async Task Readers_in_parallel_with_a_writing_process_always_see_consistent_growing_data()
    {
        using var tmp = new TempFolder("shared");
        var db = tmp.File("s.db");
        using var child = Child.Start("--writer-loop", db, "8", "40");
        child.WaitFor("open", Deadline);
        var stop = DateTime.UtcNow + TimeSpan.FromSeconds(7);
        var queries = new int[3];
        var readers = Enumerable.Range(0, 3).Select(t => Task.Run(() =>
        {
            long lastLines = 0, lastEvents = 0, lastBoots = 0;
            int lastCaptures = 0;
            while (DateTime.UtcNow < stop)
            {
                using var ro = BkStore.OpenReadOnly(db);
                var captures = ro.Captures();
                long lines = captures.Sum(c => c.Lines), events = captures.Sum(c => c.Events);
                long boots = captures.Sum(c => (long)ro.Boots(c.Id).Count);
                Assert.True(captures.Count >= lastCaptures, $"captures went from {lastCaptures} to {captures.Count}");
                Assert.True(lines >= lastLines, $"lines went from {lastLines} to {lines}");
                Assert.True(boots >= lastBoots, $"boots went from {lastBoots} to {boots}");
                Assert.Equal(events, ro.Events(new EventQuery()).LongCount());
                Assert.True(events >= lastEvents);
                if (t == 0) Assert.Empty(ro.CheckConsistency()); // the full check reads every block: one thread does it
                (lastCaptures, lastLines, lastEvents, lastBoots) = (captures.Count, lines, events, boots);
                queries[t]++;
            }
            return lastLines;
        })).ToArray();
        var seen = await Task.WhenAll(readers).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, child.WaitForExit(Deadline));
        var summary = child.WaitFor("captures ", Deadline).Split(' ');
        int captured = int.Parse(summary[1]), checkpoints = int.Parse(summary[3]);
        Assert.True(queries.All(q => q >= 5), $"queries per thread: {string.Join(", ", queries)}");
        Assert.True(seen.Max() > 0, "the readers saw no lines at all");
        Assert.True(checkpoints >= 2, $"the writer made {checkpoints} checkpoints; the test wants it to checkpoint between readers ({string.Join(' ', summary)}; queries {string.Join(", ", queries)})");
        using var final = BkStore.Open(db);
        Assert.Equal(captured, final.Captures().Count);
        Assert.All(final.Captures(), c => Assert.Equal(20_000, c.Lines));
        Assert.Empty(final.CheckConsistency());
    }
}
