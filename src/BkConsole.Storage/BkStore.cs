using BkConsole.Core.Errors;
using LiteDB;

namespace BkConsole.Storage;

/// <summary>
/// The bkconsole store: one LiteDB file (direct mode, with LiteDB's journal so a crash never corrupts it), opened by
/// one process at a time. This class alone knows the collection names, their keys and indexes, and the BSON
/// mapping (short field names; raw lines and events packed in blocks). Thread-safe; share one instance per process.
/// </summary>
/// <remarks>
/// Crash safety: LiteDB writes every transaction to <c>NAME-log.db</c> first and marks it confirmed on commit;
/// a checkpoint copies confirmed pages into the data file. On open, confirmed transactions in the log are replayed
/// and unconfirmed ones dropped, so a kill -9 at any moment (mid-commit or mid-checkpoint) leaves the state of the
/// last commit. Each <see cref="CaptureWriter"/> commit is one transaction holding its lines, events, boots and the
/// capture's counts, so counts always match what is stored. Captures left "live" by a dead writer are marked
/// incomplete when the store is next opened (the lock proves their writer is gone).
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

    private readonly StoreLock _lock;
    private readonly LiteDatabase _db;
    private bool _disposed;

    private BkStore(string path, StoreLock storeLock, LiteDatabase db)
    {
        Path = path;
        _lock = storeLock;
        _db = db;
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
            var store = new BkStore(full, storeLock, db);
            store.Prepare();
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

    private void Prepare()
    {
        _db.Pragma("CHECKPOINT", StoreLimits.CheckpointPages);
        CapturesCol.EnsureIndex("h", "$.h");
        GapsCol.EnsureIndex("c", "$.c");
        DumpsCol.EnsureIndex("dv", "$.dv");
        // We hold the lock, so a capture still marked live has lost its writer (crash or kill -9).
        foreach (var doc in CapturesCol.Find(Query.EQ("st", (int)CaptureState.Live)).ToList())
        {
            doc["st"] = (int)CaptureState.Incomplete;
            CapturesCol.Update(doc);
        }
    }

    /// <summary>Starts a capture and returns the writer that fills it (see <see cref="CaptureWriter"/>).</summary>
    public CaptureWriter BeginCapture(CaptureStart start, CaptureWriterOptions? options = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int id = CapturesCol.Insert(CaptureToDoc(start)).AsInt32;
        return new CaptureWriter(this, id, options ?? new CaptureWriterOptions());
    }

    /// <summary>Key of a per-capture document (line block, event block, boot): capture in the high 32 bits.</summary>
    internal static long Key(int capture, int n) => ((long)capture << 32) | (uint)n;

    internal static BsonExpression CaptureRange(int capture, int from = 0, int to = int.MaxValue) =>
        Query.Between("_id", Key(capture, from), Key(capture, to));

    /// <summary>Copies the journal into the data file now (also done on dispose).</summary>
    public void Checkpoint() => _db.Checkpoint();

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            _db.Dispose();
        }
        finally
        {
            _lock.Dispose();
        }
    }
}
