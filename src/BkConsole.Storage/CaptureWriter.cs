using System.Buffers.Binary;
using BkConsole.Core.Errors;
using BkConsole.Core.Events;
using BkConsole.Storage.Blocks;
using LiteDB;

namespace BkConsole.Storage;

/// <summary>
/// Fills one capture from a producer (the live reader or an import). <c>Add</c> calls only append to an in-memory
/// block under a short lock; a full block (or one older than <see cref="CaptureWriterOptions.CommitInterval"/>) is
/// sealed and queued, and one background thread packs queued blocks and commits them, several per LiteDB
/// transaction. When more than <see cref="CaptureWriterOptions.MaxQueuedLines"/> wait, the producer either waits
/// (<see cref="OverflowPolicy.Wait"/>) or the blocks are written to a spool file and committed from it later, in
/// order (<see cref="OverflowPolicy.Spool"/>): nothing is dropped. A failed commit stops commits and sends every
/// later block to the spool file, which is kept and named in <see cref="Stats"/>.
/// Events must come after (or with) the line they name; an event whose line has not arrived yet waits for it.
/// </summary>
public sealed class CaptureWriter : IDisposable, IAsyncDisposable
{
    private readonly BkStore _store;
    private readonly CaptureWriterOptions _options;
    private readonly object _gate = new();
    private readonly Thread _thread;

    // Producer side, under _gate.
    private List<LogLine> _lines = new();
    private long _pendingBytes;
    private List<LogEvent> _events = new();
    private readonly Dictionary<int, BootRecord> _dirtyBoots = new();
    private List<CaptureGap> _gaps = new();
    private int _lastLineNo;
    private long _linesAdded;
    private DateTime _oldestPending;

    // Queue between producer and writer thread, under _gate.
    private readonly Queue<Sealed> _queue = new();
    private long _queuedLines;
    private long _sealedCount;
    private long _committedCount;
    private bool _stopping;
    private bool _closed;
    private Exception? _fault;
    private FileStream? _spool;
    private long _spooledBlocks;

    // Writer thread only (stats read under _gate).
    private readonly BsonDocument _captureDoc;
    private int _eventBlock;
    private long _linesStored, _bytesStored, _eventsStored, _commits;
    private int _gapsStored;
    private readonly HashSet<int> _bootIndexes = new();
    private readonly PackWriter _packA = new(64 * 1024), _packB = new(64 * 1024);
    private readonly PackWriter _spoolA = new(4096), _spoolB = new(4096); // under _gate

    internal CaptureWriter(BkStore store, int captureId, CaptureWriterOptions options)
    {
        _store = store;
        _options = options;
        CaptureId = captureId;
        _captureDoc = store.CapturesCol.FindById(captureId) ?? throw new InvalidOperationException("capture vanished");
        _thread = new Thread(Run) { IsBackground = true, Name = $"bkconsole store writer #{captureId}" };
        _thread.Start();
    }

    public int CaptureId { get; }

    /// <summary>Tests hold this to stall the database side deterministically.</summary>
    internal ManualResetEventSlim? TestCommitGate { get; set; }

    public CaptureWriterStats Stats
    {
        get
        {
            lock (_gate)
            {
                return new CaptureWriterStats(_linesAdded, _linesStored, _eventsStored, _queuedLines + _lines.Count,
                    _spooledBlocks, _commits) { Fault = _fault, SpoolFile = _spool?.Name };
            }
        }
    }

    /// <summary>Adds a line; its <see cref="LogLine.LineNo"/> must be greater than the previous line's.</summary>
    public void Add(LogLine line)
    {
        lock (_gate)
        {
            ThrowIfClosed();
            if (line.LineNo <= _lastLineNo)
                throw new ArgumentException($"line {line.LineNo} comes after line {_lastLineNo}; line numbers must increase", nameof(line));
            if (_lines.Count == 0) _oldestPending = DateTime.UtcNow;
            _lines.Add(line);
            _lastLineNo = line.LineNo;
            _linesAdded++;
            _pendingBytes += line.Raw.Length;
            if (_lines.Count >= _options.LinesPerBlock || _pendingBytes >= _options.BytesPerBlock) SealLocked(all: false);
        }
    }

    public void AddRange(IEnumerable<LogLine> lines)
    {
        foreach (var l in lines) Add(l);
    }

    public void Add(LogEvent ev)
    {
        lock (_gate)
        {
            ThrowIfClosed();
            _events.Add(ev);
        }
    }

    /// <summary>Adds or replaces boot <see cref="BootRecord.Index"/> (the boot splitter updates the open boot as lines come).</summary>
    public void Add(BootRecord boot)
    {
        lock (_gate)
        {
            ThrowIfClosed();
            _dirtyBoots[boot.Index] = boot;
        }
    }

    public void Add(CaptureGap gap)
    {
        lock (_gate)
        {
            ThrowIfClosed();
            _gaps.Add(gap);
        }
    }

    /// <summary>Seals what is pending and waits until it is committed. False when the deadline passed first.</summary>
    public Task<bool> FlushAsync(TimeSpan timeout, CancellationToken ct = default) =>
        Task.Run(() => Flush(timeout, ct), ct);

    public bool Flush(TimeSpan timeout, CancellationToken ct = default)
    {
        long target;
        lock (_gate)
        {
            if (!_closed) SealLocked(all: true);
            target = _sealedCount;
            Monitor.PulseAll(_gate);
        }
        return WaitCommitted(target, DateTime.UtcNow + timeout, ct);
    }

    /// <summary>Commits everything and marks the capture complete. False when the deadline passed first (the capture
    /// then stays incomplete, and what was not committed is in <see cref="Stats"/>).</summary>
    public bool Complete(TimeSpan timeout, CancellationToken ct = default) => Close(CaptureState.Complete, timeout, ct);

    public Task<bool> CompleteAsync(TimeSpan timeout, CancellationToken ct = default) =>
        Task.Run(() => Complete(timeout, ct), ct);

    private bool Close(CaptureState state, TimeSpan timeout, CancellationToken ct)
    {
        long target;
        lock (_gate)
        {
            if (_closed) return _committedCount >= _sealedCount && _fault is null;
            SealLocked(all: true);
            _queue.Enqueue(new Sealed(++_sealedCount, [], [], [], []) { Final = state });
            _closed = true;
            target = _sealedCount;
            Monitor.PulseAll(_gate);
        }
        bool done = WaitCommitted(target, DateTime.UtcNow + timeout, ct);
        lock (_gate)
        {
            _stopping = true;
            Monitor.PulseAll(_gate);
        }
        if (done) _thread.Join();
        return done && _fault is null;
    }

    private bool WaitCommitted(long target, DateTime deadline, CancellationToken ct)
    {
        lock (_gate)
        {
            while (_committedCount < target)
            {
                ct.ThrowIfCancellationRequested();
                if (_fault is not null) return false;
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero) return false;
                Monitor.Wait(_gate, left < TimeSpan.FromMilliseconds(100) ? left : TimeSpan.FromMilliseconds(100));
            }
            return true;
        }
    }

    private void ThrowIfClosed()
    {
        if (_closed) throw new InvalidOperationException($"capture {CaptureId} is closed");
    }

    /// <summary>Moves the pending lines (and the events whose lines have arrived) into a sealed block. Under _gate.</summary>
    private void SealLocked(bool all)
    {
        if (_lines.Count == 0 && _events.Count == 0 && _dirtyBoots.Count == 0 && _gaps.Count == 0) return;
        List<LogEvent> events;
        if (all || _events.TrueForAll(e => e.LineNo <= _lastLineNo))
        {
            events = _events;
            _events = new List<LogEvent>();
        }
        else
        {
            events = _events.FindAll(e => e.LineNo <= _lastLineNo);
            _events = _events.FindAll(e => e.LineNo > _lastLineNo);
        }
        var block = new Sealed(++_sealedCount, _lines, events, _dirtyBoots.Values.ToList(), _gaps);
        _dirtyBoots.Clear();
        _lines = new List<LogLine>(Math.Min(_options.LinesPerBlock, 4096));
        _gaps = new List<CaptureGap>();
        _pendingBytes = 0;

        while (_options.Overflow == OverflowPolicy.Wait && _fault is null && _spool is null &&
               _queuedLines > 0 && _queuedLines + block.Lines.Count > _options.MaxQueuedLines)
        {
            Monitor.Wait(_gate, TimeSpan.FromMilliseconds(100));
        }
        bool overflow = _queuedLines > 0 && _queuedLines + block.Lines.Count > _options.MaxQueuedLines;
        if (_fault is not null || _spool is not null || overflow)
        {
            SpoolLocked(block);
        }
        else
        {
            _queuedLines += block.Lines.Count;
        }
        _queue.Enqueue(block);
        Monitor.PulseAll(_gate);
    }

    /// <summary>Writes a sealed block to the spool file (length-prefixed BSON) and keeps only its position.</summary>
    private void SpoolLocked(Sealed block)
    {
        if (_spool is null)
        {
            var path = StorePaths.SpoolFileOf(_store.Path, CaptureId);
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.ReadWrite };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = StorePaths.FileMode;
            _spool = new FileStream(path, options);
            // Blocks still queued in memory go to the file first, in order, so a kill -9 loses at most the batch
            // being committed; BkStore replays the file on the next open.
            foreach (var q in _queue)
            {
                if (q.SpoolAt >= 0 || q.IsFinalOnly) continue;
                _queuedLines -= q.Lines.Count;
                SpoolLocked(q);
            }
        }
        var doc = new BsonDocument
        {
            ["l"] = new BsonArray(block.Lines.Count == 0 ? [] : new BsonValue[] { BkStore.LineBlockToDoc(CaptureId, block.Lines, _spoolA, _spoolB) }),
            ["y"] = block.Lines.Sum(l => (long)l.Raw.Length),
            ["e"] = new BsonArray(block.Events.Select(e => (BsonValue)EventToDoc(e))),
            ["b"] = new BsonArray(block.Boots.Select(b => (BsonValue)BkStore.BootToDoc(CaptureId, b))),
            ["g"] = new BsonArray(block.Gaps.Select(g => (BsonValue)BkStore.GapToDoc(CaptureId, g))),
        };
        var bytes = BsonSerializer.Serialize(doc);
        long at = _spool.Seek(0, SeekOrigin.End);
        Span<byte> len = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(len, bytes.Length);
        _spool.Write(len);
        _spool.Write(bytes);
        _spool.Flush();
        block.SpoolAt = at;
        block.SpooledLines = block.Lines.Count;
        block.Lines = [];
        block.Events = [];
        block.Boots = [];
        block.Gaps = [];
        _spooledBlocks++;
    }

    private void Run()
    {
        var batch = new List<Sealed>();
        while (true)
        {
            batch.Clear();
            lock (_gate)
            {
                while (_queue.Count == 0 && !_stopping)
                {
                    if (!_closed && _lines.Count > 0 && DateTime.UtcNow - _oldestPending >= _options.CommitInterval)
                    {
                        SealLocked(all: false);
                        continue;
                    }
                    Monitor.Wait(_gate, _options.CommitInterval);
                }
                if (_queue.Count == 0 && _stopping) return;
                if (_fault is not null)
                {
                    // Nothing more goes to the database; queued blocks stay in the spool file.
                    while (_queue.Count > 0) { var s = _queue.Dequeue(); if (s.SpoolAt < 0 && !s.IsFinalOnly) SpoolLocked(s); }
                    _committedCount = _sealedCount;
                    Monitor.PulseAll(_gate);
                    if (_stopping) return;
                    continue;
                }
                while (_queue.Count > 0 && batch.Count < StoreLimits.MaxBlocksPerCommit)
                    batch.Add(_queue.Dequeue());
            }
            try
            {
                TestCommitGate?.Wait();
                Commit(batch);
                lock (_gate)
                {
                    foreach (var s in batch) _queuedLines -= s.SpoolAt < 0 ? s.Lines.Count : 0;
                    _committedCount = batch[^1].Number;
                    if (_spool is not null && _queue.Count == 0 && _lines.Count == 0) CloseSpoolLocked(delete: true);
                    Monitor.PulseAll(_gate);
                }
                _options.Progress?.Report(Stats);
                _store.CheckpointIfDue();
            }
            catch (Exception ex) when (ex is LiteException or IOException or InvalidDataException or UnauthorizedAccessException)
            {
                lock (_gate)
                {
                    _fault = new BkException($"storing capture {CaptureId} failed: {ex.Message}",
                        "the lines from here on are kept in the spool file named in the status; check free disk space", ex);
                    foreach (var s in batch) { _queuedLines -= s.SpoolAt < 0 ? s.Lines.Count : 0; if (s.SpoolAt < 0 && !s.IsFinalOnly) SpoolLocked(s); }
                    Monitor.PulseAll(_gate);
                }
            }
        }
    }

    private void CloseSpoolLocked(bool delete)
    {
        if (_spool is null) return;
        var name = _spool.Name;
        _spool.Dispose();
        _spool = null;
        if (delete) File.Delete(name);
    }

    /// <summary>One LiteDB transaction: the blocks' lines, events, boots, gaps and the capture's new counts.</summary>
    private void Commit(List<Sealed> batch)
    {
        var db = _store.Database;
        if (!db.BeginTrans()) throw new InvalidOperationException("store writer thread already in a transaction");
        try
        {
            CaptureState? final = null;
            foreach (var s in batch)
            {
                if (s.SpoolAt >= 0)
                {
                    CommitSpooled(s);
                    continue;
                }
                if (s.Lines.Count > 0)
                {
                    _store.LinesCol.Insert(LineBlockDoc(s.Lines));
                    _linesStored += s.Lines.Count;
                    foreach (var l in s.Lines) _bytesStored += l.Raw.Length;
                }
                if (s.Events.Count > 0)
                {
                    _store.EventsCol.Insert(EventBlockDoc(s.Events));
                    _eventsStored += s.Events.Count;
                }
                foreach (var b in s.Boots)
                {
                    _store.BootsCol.Upsert(BkStore.BootToDoc(CaptureId, b));
                    _bootIndexes.Add(b.Index);
                }
                foreach (var g in s.Gaps)
                {
                    _store.GapsCol.Insert(BkStore.GapToDoc(CaptureId, g));
                    _gapsStored++;
                }
                if (s.Final is { } f) final = f;
            }
            _captureDoc["l"] = _linesStored;
            _captureDoc["y"] = _bytesStored;
            _captureDoc["e"] = _eventsStored;
            _captureDoc["b"] = _bootIndexes.Count;
            _captureDoc["g"] = _gapsStored;
            if (final is { } state)
            {
                _captureDoc["st"] = (int)state;
                _captureDoc["t1"] = DateTimeOffset.UtcNow.UtcTicks;
            }
            _store.CapturesCol.Update(_captureDoc);
            db.Commit();
            _commits++;
        }
        catch
        {
            db.Rollback();
            throw;
        }
    }

    private void CommitSpooled(Sealed s)
    {
        byte[] bytes;
        lock (_gate)
        {
            var spool = _spool ?? throw new InvalidDataException("spool file missing");
            spool.Seek(s.SpoolAt, SeekOrigin.Begin);
            Span<byte> len = stackalloc byte[4];
            spool.ReadExactly(len);
            bytes = new byte[BinaryPrimitives.ReadInt32LittleEndian(len)];
            spool.ReadExactly(bytes);
        }
        var doc = BsonSerializer.Deserialize(bytes);
        // How far into the spool file the store holds; a replay after a crash starts there.
        _captureDoc[BkStore.SpoolCommittedField] = s.SpoolAt + 4 + bytes.Length;
        foreach (var l in doc["l"].AsArray) _store.LinesCol.Insert(l.AsDocument);
        _linesStored += s.SpooledLines;
        _bytesStored += doc["y"].AsInt64;
        var events = doc["e"].AsArray.Select(e => DocToEvent(e.AsDocument)).ToList();
        if (events.Count > 0)
        {
            _store.EventsCol.Insert(EventBlockDoc(events));
            _eventsStored += events.Count;
        }
        foreach (var b in doc["b"].AsArray)
        {
            _store.BootsCol.Upsert(b.AsDocument);
            _bootIndexes.Add((int)(b["_id"].AsInt64 & 0xFFFFFFFF));
        }
        foreach (var g in doc["g"].AsArray)
        {
            _store.GapsCol.Insert(g.AsDocument);
            _gapsStored++;
        }
    }

    private BsonDocument LineBlockDoc(List<LogLine> lines) =>
        BkStore.LineBlockToDoc(CaptureId, lines, _packA, _packB);

    private BsonDocument EventBlockDoc(List<LogEvent> events) =>
        BkStore.EventBlockToDoc(CaptureId, ++_eventBlock, events, _packA, _packB);

    // Spooled events are kept as one small event block each (reusing the codec), decoded again on commit.
    internal static BsonDocument EventToDoc(LogEvent e)
    {
        var packed = EventBlockCodec.Encode([e], e.LineNo, new PackWriter(256), new PackWriter(256));
        return new BsonDocument { ["a"] = e.LineNo, ["d"] = packed };
    }

    internal static LogEvent DocToEvent(BsonDocument d) => EventBlockCodec.Decode(d["d"].AsBinary, d["a"].AsInt32)[0];

    public void Dispose()
    {
        if (!_closed) Close(CaptureState.Incomplete, StoreLimits.CloseDeadline, CancellationToken.None);
        lock (_gate)
        {
            _stopping = true;
            Monitor.PulseAll(_gate);
        }
        _thread.Join(StoreLimits.CloseDeadline);
        lock (_gate)
        {
            if (_spool is not null && _queue.Count == 0 && _fault is null) CloseSpoolLocked(delete: true);
            else CloseSpoolLocked(delete: false);
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private sealed class Sealed(long number, List<LogLine> lines, List<LogEvent> events, List<BootRecord> boots, List<CaptureGap> gaps)
    {
        public long Number { get; } = number;
        public List<LogLine> Lines { get; set; } = lines;
        public List<LogEvent> Events { get; set; } = events;
        public List<BootRecord> Boots { get; set; } = boots;
        public List<CaptureGap> Gaps { get; set; } = gaps;
        public CaptureState? Final { get; init; }
        public long SpoolAt { get; set; } = -1;
        public int SpooledLines { get; set; }
        public bool IsFinalOnly => Final is not null && Lines.Count == 0 && Events.Count == 0 && Boots.Count == 0 && Gaps.Count == 0;
    }
}
