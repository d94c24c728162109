namespace BkConsole.Storage;

/// <summary>What a <see cref="CaptureWriter"/> does when the store falls behind its producer.</summary>
public enum OverflowPolicy
{
    /// <summary>Blocks past the memory bound go to a spool file beside the store and are committed from there, in
    /// order, when the store catches up. The producer never waits. For live ports.</summary>
    Spool,

    /// <summary>The producer waits for room. For imports, where the source is a file that can wait.</summary>
    Wait,
}

/// <summary>Options of a <see cref="CaptureWriter"/>; defaults suit a live port.</summary>
public sealed record CaptureWriterOptions
{
    public OverflowPolicy Overflow { get; init; } = OverflowPolicy.Spool;

    /// <summary>A partial block is committed when it is this old (bounds what a kill -9 can lose).</summary>
    public TimeSpan CommitInterval { get; init; } = StoreLimits.LiveCommitInterval;

    /// <summary>Lines held in memory before <see cref="Overflow"/> applies.</summary>
    public int MaxQueuedLines { get; init; } = StoreLimits.MaxQueuedLines;

    public int LinesPerBlock { get; init; } = StoreLimits.LinesPerBlock;

    public int BytesPerBlock { get; init; } = StoreLimits.BytesPerBlock;

    /// <summary>Reported after each commit.</summary>
    public IProgress<CaptureWriterStats>? Progress { get; init; }

    public static CaptureWriterOptions ForImport { get; } = new() { Overflow = OverflowPolicy.Wait };
}

/// <summary>Where a writer stands. <see cref="Fault"/> is set when a commit failed; later blocks then go to the spool file.</summary>
public sealed record CaptureWriterStats(
    long LinesAdded,
    long LinesStored,
    long EventsStored,
    long QueuedLines,
    long SpooledBlocks,
    long Commits)
{
    public Exception? Fault { get; init; }

    public string? SpoolFile { get; init; }
}
