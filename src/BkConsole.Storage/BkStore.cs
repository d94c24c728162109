using BkConsole.Core.Errors;
using LiteDB;

namespace BkConsole.Storage;

/// <summary>
/// The bkconsole store: one LiteDB file (direct mode, with LiteDB's journal so a crash never corrupts it), written by
/// one process at a time (<see cref="Open"/>) and readable by any number of other processes meanwhile
/// (<see cref="OpenReadOnly"/>). This class alone knows the collection names, their keys and indexes, and the BSON
/// mapping (short field names; raw lines and events packed in blocks). Thread-safe; share one instance per process.
/// </summary>
/// <remarks>
/// Crash safety: LiteDB writes every transaction to <c>NAME-log.db</c> first and marks it confirmed on commit;
/// a checkpoint copies confirmed pages into the data file. On open, confirmed transactions in the log are replayed
/// and unconfirmed ones dropped, so a kill -9 at any moment (mid-commit or mid-checkpoint) leaves the state of the
/// last commit. Each <see cref="CaptureWriter"/> commit is one transaction holding its lines, events, boots and the
/// capture's counts, so counts always match what is stored. Captures left "live" by a dead writer are marked
/// incomplete when the store is next opened (the lock proves their writer is gone), and a spool file it left is
/// replayed into its capture (see <see cref="ReplaySpools"/>).
/// <para>
/// Shared reading: between checkpoints LiteDB only appends whole pages to its log and never touches the data file,
/// so a reader that sees the data file plus the log's whole pages as they are at its open has a consistent
/// snapshot (the transactions confirmed so far) that later appends cannot disturb. Only a checkpoint (data pages
/// overwritten in place, log truncated and reused) could; so LiteDB's automatic checkpoint is off (pragma
/// CHECKPOINT = 0, which also keeps readers from trying one on close) and the writer checkpoints itself after a
/// commit when the log is large and <see cref="ReadersLock"/> shows no reader, else later. A reader never blocks a
/// commit, and a commit never waits for a reader.
/// </para>
/// </remarks>
public sealed partial class BkStore : IDisposable
{
    internal const string CapturesName = "captures";
    internal const string BootsName = "boots";
    internal const string EventsName = "events";
    internal const string LinesName = "lines";
    internal const string GapsName = "gaps";
    internal const string DumpsName = "dumps";
    internal const string DevicesName = "devices";

    private readonly StoreLock? _lock;
    private readonly ReadersLock? _readers;
    private readonly IDisposable[] _streams;
    private readonly LiteDatabase _db;
    private readonly object _checkpointGate = new();
    private long _checkpoints, _deferredCheckpoints;
    private DateTime _nextDrain;
    private bool _disposed;

    private BkStore(string path, StoreLock? storeLock, ReadersLock? readers, LiteDatabase db, params IDisposable[] streams)
    {
        Path = path;
        _lock = storeLock;
        _readers = readers;
        _streams = streams;
        _db = db;
        IsReadOnly = storeLock is null;
        CapturesCol = db.GetCollection(CapturesName, BsonAutoId.Int32);
        BootsCol = db.GetCollection(BootsName);
        EventsCol = db.GetCollection(EventsName);
        LinesCol = db.GetCollection(LinesName);
        GapsCol = db.GetCollection(GapsName, BsonAutoId.Int32);
        DumpsCol = db.GetCollection(DumpsName, BsonAutoId.Int32);
        DevicesCol = db.GetCollection(DevicesName);
    }

    /// <summary>The data file.</summary>
    public string Path { get; }

    /// <summary>Opened by <see cref="OpenReadOnly"/>: a snapshot of the store as it was then; every write throws.</summary>
    public bool IsReadOnly { get; }

    /// <summary>Read-only: whether a writer held the store when this snapshot was opened (its captures are really live).</summary>
    public bool WriterWasRunning { get; private init; }

    /// <summary>Checkpoints this writer made, and the times it put one off because a reader was present.</summary>
    public (long Done, long Deferred) CheckpointCounts
    {
        get
        {
            lock (_checkpointGate) return (_checkpoints, _deferredCheckpoints);
        }
    }

    /// <summary>The writer checkpoints once LiteDB's log holds this many pages (tests and benches lower it).</summary>
    internal int CheckpointPages { get; set; } = StoreLimits.CheckpointPages;

    /// <summary>See <see cref="StoreLimits.CheckpointDrainWait"/> (tests and benches change it).</summary>
    internal TimeSpan CheckpointDrainWait { get; set; } = StoreLimits.CheckpointDrainWait;

    /// <summary>See <see cref="StoreLimits.CheckpointRetryInterval"/> (tests and benches change it).</summary>
    internal TimeSpan CheckpointRetryInterval { get; set; } = StoreLimits.CheckpointRetryInterval;

    internal LiteDatabase Database => _db;
    internal ILiteCollection<BsonDocument> CapturesCol { get; }
    internal ILiteCollection<BsonDocument> BootsCol { get; }
    internal ILiteCollection<BsonDocument> EventsCol { get; }
    internal ILiteCollection<BsonDocument> LinesCol { get; }
    internal ILiteCollection<BsonDocument> GapsCol { get; }
    internal ILiteCollection<BsonDocument> DumpsCol { get; }
    internal ILiteCollection<BsonDocument> DevicesCol { get; }

    /// <summary>
    /// Opens (or creates) the store at <paramref name="path"/>, default <see cref="StorePaths.DefaultDatabase"/>.
    /// Missing folders are created 0700 and the file 0600 on Unix.
    /// </summary>
    public static BkStore Open(string? path = null)
    {
        var full = System.IO.Path.GetFullPath(path ?? StorePaths.DefaultDatabase());
        if (Directory.Exists(full))
            throw new UsageException($"{full} is a folder", "give --db the path of a database file, e.g. DIR/bkconsole.db");
        try
        {
            StorePaths.EnsureFolder(full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BkException($"cannot create the folder of {full}: {ex.Message}", "check the path and its permissions", ex);
        }
        var storeLock = StoreLock.Acquire(full, StoreLimits.LockWait);
        try
        {
            StorePaths.EnsureOwnerOnlyFile(full);
            // LiteDB creates its journal with the process umask; make it exist owner-only first.
            StorePaths.EnsureOwnerOnlyFile(StorePaths.LogFileOf(full));
            var db = new LiteDatabase(new ConnectionString { Filename = full, Connection = ConnectionType.Direct });
            var store = new BkStore(full, storeLock, null, db);
            try
            {
                store.Prepare();
            }
            catch
            {
                db.Dispose();
                throw;
            }
            return store;
        }
        catch (Exception ex) when (ex is not (BkException or IOException or UnauthorizedAccessException))
        {
            storeLock.Dispose();
            throw new BkException($"{full} is not a bkconsole store or is damaged ({ex.Message})",
                "move it aside and run again to start a new store, or pass --db OTHER.db", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            storeLock.Dispose();
            throw new BkException($"cannot open the store {full}: {ex.Message}", "check the path and its permissions", ex);
        }
        catch
        {
            storeLock.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens a snapshot of an existing store for reading, without the writer's lock: works while a
    /// <c>bkconsole monitor</c> or <c>import</c> writes it. The snapshot holds what was committed at this call;
    /// open again to see more. A missing store is an error here (nothing is created).
    /// </summary>
    public static BkStore OpenReadOnly(string? path = null, CancellationToken ct = default)
    {
        var full = System.IO.Path.GetFullPath(path ?? StorePaths.DefaultDatabase());
        if (Directory.Exists(full))
            throw new UsageException($"{full} is a folder", "give --db the path of a database file, e.g. DIR/bkconsole.db");
        if (!File.Exists(full))
            throw new BkException($"there is no store at {full}",
                "import a log first (bkconsole import FILE), or run bkconsole monitor/demo, or pass --db PATH of an existing store");
        var readers = ReadersLock.EnterShared(full, StoreLimits.ReaderWait, ct);
        SnapshotStream? data = null, log = null;
        try
        {
            bool writer = StoreLock.IsHeld(full);
            data = SnapshotStream.Open(full);
            log = data is null ? null : SnapshotStream.Open(StorePaths.LogFileOf(full));
            if (data is null && !writer)
                throw new BkException($"{full} is empty, not a bkconsole store",
                    "pass --db PATH of a store made by bkconsole import or monitor (or delete the empty file)");
            var settings = new LiteDB.Engine.EngineSettings
            {
                // A writer that has not written its first page yet: an empty store (LiteDB formats it in memory).
                DataStream = (Stream?)data ?? new MemoryStream(),
                LogStream = log,
                ReadOnly = true,
            };
            var db = new LiteDatabase(new LiteDB.Engine.LiteEngine(settings), disposeOnClose: true);
            return new BkStore(full, null, readers, db, [.. new IDisposable?[] { data, log }.OfType<IDisposable>()])
            {
                WriterWasRunning = writer,
            };
        }
        catch (Exception ex) when (ex is LiteException or InvalidDataException or NotSupportedException or InvalidCastException
                                       or IndexOutOfRangeException or ArgumentException)
        {
            data?.Dispose();
            log?.Dispose();
            readers.Dispose();
            throw new BkException($"{full} is not a bkconsole store or is damaged ({ex.Message})",
                "pass --db PATH of a store made by bkconsole import or monitor", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            data?.Dispose();
            log?.Dispose();
            readers.Dispose();
            throw new BkException($"cannot read the store {full}: {ex.Message}", "check the path and its permissions", ex);
        }
        catch
        {
            data?.Dispose();
            log?.Dispose();
            readers.Dispose();
            throw;
        }
    }

    private void ThrowIfReadOnly()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (IsReadOnly) throw new InvalidOperationException($"the store {Path} is open read-only");
    }

    private void Prepare()
    {
        // Checkpoints are ours (see the remarks): LiteDB's automatic one would run while readers hold snapshots.
        _db.Pragma("CHECKPOINT", 0);
        CapturesCol.EnsureIndex("h", "$.h");
        GapsCol.EnsureIndex("c", "$.c");
        DumpsCol.EnsureIndex("dv", "$.dv");
        // We hold the lock, so a capture still marked live has lost its writer (crash or kill -9).
        foreach (var doc in CapturesCol.Find(Query.EQ("st", (int)CaptureState.Live)).ToList())
        {
            doc["st"] = (int)CaptureState.Incomplete;
            CapturesCol.Update(doc);
        }
        ReplaySpools();
    }

    /// <summary>Starts a capture and returns the writer that fills it (see <see cref="CaptureWriter"/>).</summary>
    public CaptureWriter BeginCapture(CaptureStart start, CaptureWriterOptions? options = null)
    {
        ThrowIfReadOnly();
        int id = CapturesCol.Insert(CaptureToDoc(start)).AsInt32;
        return new CaptureWriter(this, id, options ?? new CaptureWriterOptions());
    }

    /// <summary>Key of a per-capture document (line block, event block, boot): capture in the high 32 bits.</summary>
    internal static long Key(int capture, int n) => ((long)capture << 32) | (uint)n;

    internal static BsonExpression CaptureRange(int capture, int from = 0, int to = int.MaxValue) =>
        Query.Between("_id", Key(capture, from), Key(capture, to));

    /// <summary>
    /// Copies the journal into the data file now, holding new read-only openers back and waiting up to
    /// <paramref name="wait"/> for the present ones to leave. False (nothing done) when they stayed. Also tried on dispose.
    /// </summary>
    public bool Checkpoint(TimeSpan wait = default)
    {
        ThrowIfReadOnly();
        using var held = ReadersLock.EnterExclusive(Path, wait);
        if (held is null)
        {
            lock (_checkpointGate) _deferredCheckpoints++;
            return false;
        }
        lock (_checkpointGate)
        {
            _db.Checkpoint();
            _checkpoints++;
        }
        return true;
    }

    /// <summary>
    /// After a commit: checkpoint when the log is large and no reader is present, else leave it for a later commit.
    /// Once the log is twice that large the checkpoint is overdue: new readers are held at the gate for up to
    /// <see cref="StoreLimits.CheckpointDrainWait"/> while the present ones finish (at most once per
    /// <see cref="StoreLimits.CheckpointRetryInterval"/>, so a reader that stays open costs the others little).
    /// </summary>
    internal void CheckpointIfDue()
    {
        if (IsReadOnly) return;
        long logBytes;
        try
        {
            logBytes = new FileInfo(StorePaths.LogFileOf(Path)).Length;
        }
        catch (IOException)
        {
            return;
        }
        long due = (long)CheckpointPages * SnapshotStream.PageSize;
        if (logBytes < due) return;
        var wait = TimeSpan.Zero;
        if (logBytes >= 2 * due && DateTime.UtcNow >= _nextDrain)
        {
            wait = CheckpointDrainWait;
            _nextDrain = DateTime.UtcNow + CheckpointRetryInterval;
        }
        try
        {
            Checkpoint(wait);
        }
        catch (Exception ex) when (ex is LiteException or IOException)
        {
            // The log keeps every commit; the next checkpoint (or open) copies it.
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        try
        {
            if (!IsReadOnly)
            {
                try
                {
                    Checkpoint(StoreLimits.CloseCheckpointWait);
                }
                catch (Exception ex) when (ex is LiteException or IOException)
                {
                    // The log keeps what was committed; the next open replays it.
                }
            }
            _disposed = true;
            _db.Dispose();
        }
        finally
        {
            _disposed = true;
            foreach (var s in _streams) s.Dispose();
            _readers?.Dispose();
            _lock?.Dispose();
        }
    }
}
