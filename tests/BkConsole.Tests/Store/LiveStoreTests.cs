using BkConsole.Cli;
using BkConsole.Logs.Pipeline;
using BkConsole.Storage;
using BkConsole.TestKit;

namespace BkConsole.Tests.Store;

/// <summary>The live path: a pipeline fed in small chunks, as the serial reader does, storing through StoreSink.</summary>
public sealed class LiveStoreTests
{
    [Fact]
    public void A_live_session_fed_in_chunks_is_committed_while_it_runs_and_kept_when_it_ends_abruptly()
    {
        using var tmp = new TempFolder("live");
        var bytes = File.ReadAllBytes(Directory.GetFiles(RepoPaths.Logs, "06_*.log").Single());
        using var store = BkStore.Open(tmp.File("s.db"));
        int id;
        long expectedLines;
        using (var writer = store.BeginCapture(CaptureStart.ForPort("/dev/ttyUSB0", 115200),
                   new CaptureWriterOptions { CommitInterval = TimeSpan.FromMilliseconds(20) }))
        {
            id = writer.CaptureId;
            var pipeline = new LogPipeline(new StoreSink(writer), new LogPipelineOptions { Rules = BkConsole.Logs.Rules.RuleSet.BuiltIn });
            var t = DateTimeOffset.UtcNow;
            int half = bytes.Length / 2;
            for (int i = 0; i < half; i += 7) pipeline.Push(bytes.AsSpan(i, Math.Min(7, half - i)), t.AddMilliseconds(i));
            long linesSoFar = pipeline.Stats.Lines;
            // Committed without any flush: poll (with a deadline) until the writer's timer has stored them.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (store.Capture(id)!.Lines < linesSoFar && DateTime.UtcNow < deadline) Thread.Sleep(10);
            Assert.Equal(linesSoFar, store.Capture(id)!.Lines);
            Assert.Equal(CaptureState.Live, store.Capture(id)!.State);

            pipeline.Push(bytes.AsSpan(half), t.AddSeconds(5));
            pipeline.FlushIfIdle(t.AddSeconds(60)); // a prompt without newline is flushed after the idle gap
            expectedLines = pipeline.Stats.Lines;
            // The port goes away: the writer is disposed without Complete.
        }
        var c = store.Capture(id)!;
        Assert.Equal(CaptureState.Incomplete, c.State);
        Assert.Equal(expectedLines, c.Lines);
        Assert.Equal(bytes.Length, c.Bytes);
        Assert.Equal(bytes, store.Lines(id).SelectMany(l => l.Raw.ToArray()).ToArray());
        Assert.Empty(store.CheckConsistency());
    }
}
