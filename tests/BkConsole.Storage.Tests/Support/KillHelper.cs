using System.Globalization;
using BkConsole.Storage.Tests.Support;

namespace BkConsole.Storage.Tests;

/// <summary>
/// The test assembly doubles as the child process the cross-process tests start (and kill with SIGKILL):
/// <list type="bullet">
/// <item><c>--import-helper DB LINES</c>: imports LINES synthetic lines (with events and boots) into DB, printing
/// "stored N" after every commit. Checkpoints every 100 pages so kills also land in the middle of checkpoints.</item>
/// <item><c>--writer-loop DB SECONDS PAGES</c>: writes captures of 20,000 lines one after another for SECONDS,
/// checkpointing every PAGES log pages, then prints "captures C checkpoints D deferred F".</item>
/// <item><c>--spool-helper DB LINES STOREDBEFORESTOP</c>: a live-port writer whose store stalls while LINES lines
/// arrive (they go to the spool file), then resumes and stops dead (prints "stopped N") once N ≥ STOREDBEFORESTOP
/// lines are committed, leaving the rest in the spool for a kill.</item>
/// <item><c>--replay-helper DB RECORDS</c>: opens DB, whose spool replay stops dead (prints "replaying") after
/// RECORDS records, inside the replay's transaction.</item>
/// </list>
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        try
        {
            return args switch
            {
                ["--import-helper", var db, var n] => Import(db, Int(n)),
                ["--writer-loop", var db, var s, var p] => WriterLoop(db, TimeSpan.FromSeconds(Int(s)), Int(p)),
                ["--spool-helper", var db, var n, var stop] => Spool(db, Int(n), Int(stop)),
                ["--replay-helper", var db, var r] => Replay(db, Int(r)),
                _ => Usage(),
            };
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine(ex);
            return 1;
        }
    }

    private static int Int(string s) => int.Parse(s, CultureInfo.InvariantCulture);

    private static int Usage()
    {
        Console.Error.WriteLine("usage: --import-helper DB LINES | --writer-loop DB SECONDS PAGES | --spool-helper DB LINES STOP | --replay-helper DB RECORDS");
        return 2;
    }

    private static void Say(string line)
    {
        Console.Out.WriteLine(line);
        Console.Out.Flush();
    }

    private static int Import(string db, int count)
    {
        using var store = BkStore.Open(db);
        store.CheckpointPages = 100;
        var progress = new SyncProgress(s => Say($"stored {s.LinesStored}"));
        using var w = store.BeginCapture(CaptureStart.ForFile("generated.log", count, "helper"),
            CaptureWriterOptions.ForImport with { Progress = progress });
        Synthetic.Feed(w, Synthetic.Stream(count));
        w.Complete(TimeSpan.FromMinutes(2));
        Say("done");
        return 0;
    }

    private static int WriterLoop(string db, TimeSpan duration, int pages)
    {
        using var store = BkStore.Open(db);
        store.CheckpointPages = pages;
        // Readers here never stop: hold them back often and long enough that checkpoints happen between them.
        store.CheckpointDrainWait = TimeSpan.FromSeconds(3);
        store.CheckpointRetryInterval = TimeSpan.FromMilliseconds(500);
        Say("open");
        var end = DateTime.UtcNow + duration;
        int captures = 0;
        while (DateTime.UtcNow < end)
        {
            // Small blocks and a short commit interval: many commits, as a live port makes.
            using var w = store.BeginCapture(CaptureStart.ForFile($"loop{captures}.log", 1, $"loop{captures}"),
                CaptureWriterOptions.ForImport with { LinesPerBlock = 500, CommitInterval = TimeSpan.FromMilliseconds(20) });
            Synthetic.Feed(w, Synthetic.Stream(20_000));
            if (!w.Complete(TimeSpan.FromMinutes(1))) throw new InvalidOperationException("capture did not complete");
            captures++;
        }
        var (done, deferred) = store.CheckpointCounts;
        Say($"captures {captures} checkpoints {done} deferred {deferred}");
        return 0;
    }

    private static int Spool(string db, int count, int stopAt)
    {
        using var store = BkStore.Open(db);
        using var gate = new ManualResetEventSlim(false);
        var progress = new SyncProgress(s =>
        {
            if (s.LinesStored < stopAt) return;
            Say($"stopped {s.LinesStored} spool {s.SpoolFile}");
            Thread.Sleep(Timeout.Infinite); // the writer thread stops dead here, after a commit: the test kills us
        });
        var w = store.BeginCapture(CaptureStart.ForPort("/dev/ttyUSB0", 921600),
            new CaptureWriterOptions { MaxQueuedLines = 1000, LinesPerBlock = 500, Progress = progress });
        w.TestCommitGate = gate;
        Synthetic.Feed(w, Synthetic.Stream(count));
        w.Flush(TimeSpan.Zero); // seals the tail too: every line is now queued or spooled
        Say($"fed {w.Stats.SpooledBlocks}");
        gate.Set();
        Thread.Sleep(Timeout.Infinite);
        return 1;
    }

    private static int Replay(string db, int records)
    {
        BkStore.TestReplayProgress = n =>
        {
            if (n < records) return;
            Say("replaying");
            Thread.Sleep(Timeout.Infinite);
        };
        using var store = BkStore.Open(db);
        Say("opened");
        return 0;
    }

    private sealed class SyncProgress(Action<CaptureWriterStats> report) : IProgress<CaptureWriterStats>
    {
        public void Report(CaptureWriterStats value) => report(value);
    }
}
