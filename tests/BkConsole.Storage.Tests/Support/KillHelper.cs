using BkConsole.Storage.Tests.Support;

namespace BkConsole.Storage.Tests;

/// <summary>
/// <c>dotnet BkConsole.Storage.Tests.dll --import-helper DB LINES</c>: imports LINES synthetic lines (with events
/// and boots) into DB, printing "stored N" after every commit, so a test can kill it with SIGKILL mid-import.
/// Checkpoints are made frequent (every 100 pages) so kills also land in the middle of checkpoints.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length != 3 || args[0] != "--import-helper")
        {
            Console.Error.WriteLine("usage: --import-helper DB LINES");
            return 2;
        }
        int count = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
        using var store = BkStore.Open(args[1]);
        store.Database.Pragma("CHECKPOINT", 100);
        var progress = new SyncProgress(s =>
        {
            Console.Out.WriteLine($"stored {s.LinesStored}");
            Console.Out.Flush();
        });
        using var w = store.BeginCapture(CaptureStart.ForFile("generated.log", count, "helper"),
            CaptureWriterOptions.ForImport with { Progress = progress });
        Synthetic.Feed(w, Synthetic.Stream(count));
        w.Complete(TimeSpan.FromMinutes(2));
        Console.Out.WriteLine("done");
        return 0;
    }

    private sealed class SyncProgress(Action<CaptureWriterStats> report) : IProgress<CaptureWriterStats>
    {
        public void Report(CaptureWriterStats value) => report(value);
    }
}
