namespace BkConsole.Storage;

/// <summary>Every size, bound and deadline of the store, in one place.</summary>
public static class StoreLimits
{
    /// <summary>A raw-line block is sealed at this many lines...</summary>
    public const int LinesPerBlock = 2048;

    /// <summary>...or at this many raw bytes, whichever comes first.</summary>
    public const int BytesPerBlock = 128 * 1024;

    /// <summary>A live writer commits what it has at least this often, so a kill -9 loses at most this much time.</summary>
    public static readonly TimeSpan LiveCommitInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>At most this many sealed blocks go into one LiteDB transaction.</summary>
    public const int MaxBlocksPerCommit = 32;

    /// <summary>Lines held in memory for the writer before the overflow policy applies (wait or spool to disk).</summary>
    public const int MaxQueuedLines = 256 * 1024;

    /// <summary>How long <see cref="CaptureWriter"/>'s dispose waits for the queue to drain.</summary>
    public static readonly TimeSpan CloseDeadline = TimeSpan.FromSeconds(30);

    /// <summary>How long opening the store waits for another bkconsole to release it.</summary>
    public static readonly TimeSpan LockWait = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The writer checkpoints (copies LiteDB's log into the data file) once the log holds this many 8 KiB pages and no
    /// read-only opener is present; LiteDB's own automatic checkpoint is switched off (see <see cref="BkStore"/>).
    /// </summary>
    public const int CheckpointPages = 4000;

    /// <summary>How long a read-only open waits for a running checkpoint to finish.</summary>
    public static readonly TimeSpan ReaderWait = TimeSpan.FromSeconds(30);

    /// <summary>How long closing the writer waits for readers to leave so it can checkpoint (else the log stays).</summary>
    public static readonly TimeSpan CloseCheckpointWait = TimeSpan.FromSeconds(1);

    /// <summary>An overdue checkpoint holds new readers back this long at most while the present ones finish.</summary>
    public static readonly TimeSpan CheckpointDrainWait = TimeSpan.FromMilliseconds(500);

    /// <summary>After a drain that failed (a reader stayed open), the writer waits this long before holding readers back again.</summary>
    public static readonly TimeSpan CheckpointRetryInterval = TimeSpan.FromSeconds(5);

    /// <summary>How often a reader's "is a writer running" probe is refused before it counts as a writer (probes can meet).</summary>
    public const int WriterProbeAttempts = 3;

    /// <summary>Poll interval of the cross-process lock files (they have no blocking wait that works everywhere).</summary>
    public static readonly TimeSpan LockPoll = TimeSpan.FromMilliseconds(5);
}
