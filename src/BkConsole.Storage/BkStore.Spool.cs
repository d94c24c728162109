using System.Buffers.Binary;
using BkConsole.Core.Events;
using BkConsole.Storage.Blocks;
using LiteDB;

namespace BkConsole.Storage;

// Replay of the spool files a dead writer left (see CaptureWriter: length-prefixed BSON records, one per sealed
// block: l = line block docs, y = raw bytes, e = events, b = boot docs, g = gap docs).
public sealed partial class BkStore
{
    /// <summary>Capture field: bytes of the capture's spool file already in the store (the live writer sets it).</summary>
    internal const string SpoolCommittedField = "so";

    /// <summary>Reason of the gap recorded where lines were lost between the store and a replayed spool.</summary>
    internal const string LostLinesReason = "lost: the writer was killed while committing";

    private readonly List<string> _openNotes = new();

    /// <summary>Tests: called inside the replay transaction after each record, to kill a replay half-way.</summary>
    internal static Action<int>? TestReplayProgress { get; set; }

    /// <summary>What opening the store did besides opening it (spool files replayed or kept), for the user.</summary>
    public IReadOnlyList<string> OpenNotes => _openNotes;

    /// <summary>
    /// Puts every spool file left beside the store into its capture, then deletes it. Runs on open, under the writer
    /// lock, so no writer of those captures is alive. Idempotent: all the records of one file go in one transaction
    /// together with the capture's new counts and spool position, so a kill -9 during a replay leaves the store as
    /// it was and the next open replays again from the same point; records the dead writer had committed itself
    /// (before its spool position) are skipped.
    /// </summary>
    private void ReplaySpools()
    {
        foreach (var (capture, file) in StorePaths.SpoolFilesOf(Path).OrderBy(f => f.Capture).ToList())
        {
            try
            {
                ReplaySpool(capture, file);
            }
            catch (Exception ex) when (ex is LiteException or IOException or InvalidDataException or UnauthorizedAccessException)
            {
                _openNotes.Add($"the spool file {file} of capture {capture} could not be replayed ({ex.Message}); it is kept");
            }
        }
    }

    private void ReplaySpool(int capture, string file)
    {
        var captureDoc = CapturesCol.FindById(capture);
        if (captureDoc is null)
        {
            _openNotes.Add($"the spool file {file} names capture {capture}, which is not in the store; it is kept");
            return;
        }
        long from = captureDoc.TryGetValue(SpoolCommittedField, out var so) && so.IsNumber ? so.AsInt64 : 0;
        var records = ReadSpool(file, from, out bool torn);
        if (records.Count > 0)
        {
            if (!_db.BeginTrans()) throw new InvalidOperationException("replay inside a transaction");
            try
            {
                int lines = Apply(capture, captureDoc, records);
                captureDoc[SpoolCommittedField] = records[^1].End;
                CapturesCol.Update(captureDoc);
                _db.Commit();
                _openNotes.Add($"capture {capture}: {lines} lines from {records.Count} blocks of the spool file its writer left were stored");
            }
            catch
            {
                _db.Rollback();
                throw;
            }
        }
        if (torn) _openNotes.Add($"capture {capture}: the last block of its spool file was cut off by the crash and is lost");
        File.Delete(file);
    }

    /// <summary>The whole records from <paramref name="from"/> on; stops at a record cut short by a crash.</summary>
    private static List<SpoolRecord> ReadSpool(string file, long from, out bool torn)
    {
        var records = new List<SpoolRecord>();
        torn = false;
        using var s = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read);
        long length = s.Length;
        if (from > length) return records;
        s.Position = from;
        Span<byte> len = stackalloc byte[4];
        while (s.Position < length)
        {
            long at = s.Position;
            if (length - at < 4)
            {
                torn = true;
                break;
            }
            s.ReadExactly(len);
            int n = BinaryPrimitives.ReadInt32LittleEndian(len);
            if (n <= 0 || n > length - at - 4)
            {
                torn = true;
                break;
            }
            var bytes = new byte[n];
            s.ReadExactly(bytes);
            BsonDocument doc;
            try
            {
                doc = BsonSerializer.Deserialize(bytes);
            }
            catch (Exception ex) when (ex is LiteException or InvalidCastException or ArgumentException or IndexOutOfRangeException)
            {
                torn = true;
                break;
            }
            records.Add(new SpoolRecord(doc, at + 4 + n));
        }
        return records;
    }

    /// <summary>Inserts the records in line order (a failed commit's blocks can follow later ones in the file).</summary>
    private int Apply(int capture, BsonDocument captureDoc, List<SpoolRecord> records)
    {
        int? lastLine = LinesCol.Query().Where(CaptureRange(capture)).OrderByDescending("_id").Limit(1).ToDocuments()
            .FirstOrDefault()?["z"].AsInt32;
        var lastEvents = EventsCol.Query().Where(CaptureRange(capture)).OrderByDescending("_id").Limit(1).ToDocuments().FirstOrDefault();
        int eventBlock = lastEvents is null ? 0 : (int)(lastEvents["_id"].AsInt64 & 0xFFFFFFFF);
        long storedLines = captureDoc["l"].AsInt64, storedBytes = captureDoc["y"].AsInt64, storedEvents = captureDoc["e"].AsInt64;
        int gaps = captureDoc["g"].AsInt32, replayedLines = 0, applied = 0;
        var packA = new PackWriter(64 * 1024);
        var packB = new PackWriter(64 * 1024);
        foreach (var r in OrderByLine(records))
        {
            var lineBlocks = r.Doc["l"].AsArray.Select(l => l.AsDocument).ToList();
            // Already stored: cannot happen past the spool position, kept as a guard against a duplicate.
            if (lineBlocks.Count > 0 && lastLine is { } stored && (int)(lineBlocks[0]["_id"].AsInt64 & 0xFFFFFFFF) <= stored) continue;
            foreach (var block in lineBlocks)
            {
                int first = (int)(block["_id"].AsInt64 & 0xFFFFFFFF);
                var decoded = LineBlockCodec.Decode(block["d"].AsBinary);
                if (lastLine is { } prev && first > prev + 1)
                {
                    GapsCol.Insert(GapToDoc(capture, new CaptureGap(decoded[0].HostTime, storedBytes, prev) { Reason = LostLinesReason }));
                    gaps++;
                }
                LinesCol.Insert(block);
                storedLines += decoded.Count;
                replayedLines += decoded.Count;
                lastLine = block["z"].AsInt32;
            }
            storedBytes += r.Doc["y"].AsInt64;
            var events = r.Doc["e"].AsArray.Select(e => CaptureWriter.DocToEvent(e.AsDocument)).ToList();
            if (events.Count > 0)
            {
                EventsCol.Insert(EventBlockToDoc(capture, ++eventBlock, events, packA, packB));
                storedEvents += events.Count;
            }
            foreach (var b in r.Doc["b"].AsArray) BootsCol.Upsert(b.AsDocument);
            foreach (var g in r.Doc["g"].AsArray)
            {
                GapsCol.Insert(g.AsDocument);
                gaps++;
            }
            TestReplayProgress?.Invoke(++applied);
        }
        captureDoc["l"] = storedLines;
        captureDoc["y"] = storedBytes;
        captureDoc["e"] = storedEvents;
        captureDoc["g"] = gaps;
        captureDoc["b"] = BootsCol.Count(CaptureRange(capture));
        return replayedLines;
    }

    /// <summary>Stable order by each record's first line (a record without lines stays after the one before it).</summary>
    private static IEnumerable<SpoolRecord> OrderByLine(List<SpoolRecord> records)
    {
        int key = int.MinValue;
        var keyed = new List<(int Key, int Index, SpoolRecord Record)>();
        for (int i = 0; i < records.Count; i++)
        {
            var r = records[i];
            if (r.Doc["l"].AsArray.Count > 0) key = (int)(r.Doc["l"].AsArray[0]["_id"].AsInt64 & 0xFFFFFFFF);
            else if (r.Doc["e"].AsArray.Count > 0) key = Math.Max(key, r.Doc["e"].AsArray.Min(e => e["a"].AsInt32));
            keyed.Add((key, i, r));
        }
        return keyed.OrderBy(k => k.Key).ThenBy(k => k.Index).Select(k => k.Record);
    }

    private sealed record SpoolRecord(BsonDocument Doc, long End);
}
