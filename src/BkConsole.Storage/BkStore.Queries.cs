using BkConsole.Core.Events;
using BkConsole.Core.Flash;
using BkConsole.Storage.Blocks;
using LiteDB;

namespace BkConsole.Storage;

public sealed partial class BkStore
{
    /// <summary>Every capture, oldest first.</summary>
    public IReadOnlyList<StoredCapture> Captures() =>
        CapturesCol.FindAll().Select(ReadCapture).OrderBy(c => c.Id).ToList();

    public StoredCapture? Capture(int id) => CapturesCol.FindById(id) is { } d ? ReadCapture(d) : null;

    /// <summary>The newest capture of a file with this SHA-256, if one was imported before.</summary>
    public StoredCapture? FindCaptureBySha256(string sha256) =>
        CapturesCol.Find(Query.EQ("h", sha256)).Select(ReadCapture).OrderByDescending(c => c.Id).FirstOrDefault();

    /// <summary>A read-only snapshot taken while no writer ran shows a dead writer's "live" capture as what it is.</summary>
    private StoredCapture ReadCapture(BsonDocument d)
    {
        var c = DocToCapture(d);
        return IsReadOnly && !WriterWasRunning && c.State == CaptureState.Live ? c with { State = CaptureState.Incomplete } : c;
    }

    /// <summary>The boots of a capture, by index.</summary>
    public IReadOnlyList<BootRecord> Boots(int capture) =>
        BootsCol.Find(CaptureRange(capture)).Select(DocToBoot).OrderBy(b => b.Index).ToList();

    public IReadOnlyList<CaptureGap> Gaps(int capture) =>
        GapsCol.Find(Query.EQ("c", capture)).OrderBy(d => d["_id"].AsInt32).Select(DocToGap).ToList();

    /// <summary>
    /// Stored events matching <paramref name="query"/>, capture by capture, in the order they were stored (line order).
    /// A kind ending in <c>.*</c> or <c>.</c> matches the whole family (<c>sd.*</c>).
    /// </summary>
    public IEnumerable<StoredEvent> Events(EventQuery query)
    {
        var kind = query.Kind;
        string? family = kind is not null && (kind.EndsWith(".*", StringComparison.Ordinal) || kind.EndsWith('.'))
            ? kind.TrimEnd('*') : null;
        bool KindMatches(string k) => kind is null || (family is null ? k == kind : k.StartsWith(family, StringComparison.Ordinal));
        var docs = query.Capture is { } c ? EventsCol.Find(CaptureRange(c)) : EventsCol.FindAll();
        foreach (var doc in docs.OrderBy(d => d["_id"].AsInt64).ToList())
        {
            if (query.MinSeverity is { } sev && doc["v"].AsInt32 < (int)sev) continue;
            if (query.FromLine is { } from && doc["z"].AsInt32 < from) continue;
            if (query.ToLine is { } to && doc["a"].AsInt32 > to) continue;
            if (kind is not null && !doc["k"].AsArray.Any(k => KindMatches(k.AsString))) continue;
            if (query.Boot is { } boot && !doc["b"].AsArray.Any(b => b.AsInt32 == boot)) continue;
            int capture = (int)(doc["_id"].AsInt64 >> 32);
            foreach (var e in EventBlockCodec.Decode(doc["d"].AsBinary, doc["a"].AsInt32))
            {
                if (!KindMatches(e.Kind)) continue;
                if (query.Boot is { } b && e.Boot != b) continue;
                if (query.MinSeverity is { } s && e.Severity < s) continue;
                if (query.FromLine is { } f && e.LineNo < f) continue;
                if (query.ToLine is { } t && e.LineNo > t) continue;
                yield return new StoredEvent(capture, e);
            }
        }
    }

    /// <summary>The stored lines <paramref name="fromLine"/>..<paramref name="toLine"/> (1-based, inclusive) of a capture.</summary>
    public IEnumerable<LogLine> Lines(int capture, int fromLine = 1, int toLine = int.MaxValue)
    {
        if (toLine < fromLine) yield break;
        // The block holding fromLine is the one with the greatest first line <= fromLine.
        var first = LinesCol.Query()
            .Where(Query.Between("_id", Key(capture, 0), Key(capture, Math.Max(fromLine, 0))))
            .OrderByDescending("_id").Limit(1).ToDocuments().FirstOrDefault();
        long start = first is null ? Key(capture, fromLine) : first["_id"].AsInt64;
        foreach (var doc in LinesCol.Find(Query.Between("_id", start, Key(capture, toLine))).OrderBy(d => d["_id"].AsInt64))
        {
            foreach (var line in LineBlockCodec.Decode(doc["d"].AsBinary))
            {
                if (line.LineNo < fromLine) continue;
                if (line.LineNo > toLine) yield break;
                yield return line;
            }
        }
    }

    /// <summary>Records a dump (its manifest as written beside the image) against its device and returns its id.</summary>
    public int RecordDump(DumpManifest manifest, int? capture = null, int? boot = null)
    {
        ThrowIfReadOnly();
        return DumpsCol.Insert(DumpToDoc(manifest, capture, boot)).AsInt32;
    }

    /// <summary>The dumps of a device, newest first.</summary>
    public IReadOnlyList<StoredDump> Dumps(string deviceKey) =>
        DumpsCol.Find(Query.EQ("dv", deviceKey)).Select(DocToDump).OrderByDescending(d => d.Manifest.Time)
            .ThenByDescending(d => d.Id).ToList();

    /// <summary>
    /// The newest verified full-flash backup of a device (start 0, length = flash size), or null. A write without
    /// one needs --force.
    /// </summary>
    public StoredDump? FindVerifiedBackup(string deviceKey) =>
        Dumps(deviceKey).FirstOrDefault(d => d.Manifest is { Verified: true, Start: 0 } m && m.Length == m.FlashSize
                                             && m.FlashSize > 0);

    /// <summary>Adds a device or updates it (keeps its first-seen time, refreshes name/chip when given).</summary>
    public DeviceRecord UpsertDevice(DeviceRecord device)
    {
        ThrowIfReadOnly();
        var old = Device(device.Key);
        var merged = old is null
            ? device
            : device with
            {
                Name = device.Name ?? old.Name,
                Chip = device.Chip ?? old.Chip,
                FirstSeen = old.FirstSeen < device.FirstSeen ? old.FirstSeen : device.FirstSeen,
            };
        DevicesCol.Upsert(DeviceToDoc(merged));
        return merged;
    }

    public DeviceRecord? Device(string key) => DevicesCol.FindById(key) is { } d ? DocToDevice(d) : null;

    public IReadOnlyList<DeviceRecord> Devices() => DevicesCol.FindAll().Select(DocToDevice).OrderBy(d => d.Key).ToList();

    /// <summary>
    /// Checks what a crash must never break: line blocks of a capture are contiguous and their count is the
    /// capture's line count; every event names a stored line; event and boot counts match. Empty = consistent.
    /// </summary>
    public IReadOnlyList<string> CheckConsistency()
    {
        var problems = new List<string>();
        foreach (var c in Captures())
        {
            long lines = 0, bytes = 0;
            int expectedFirst = -1, last = 0;
            var stored = new List<(int A, int Z)>();
            // A replayed spool may follow lines a killed writer never committed; the gap it recorded says so.
            var lostAfter = GapsCol.Find(Query.EQ("c", c.Id)).Where(g => Str(g, "r") == LostLinesReason)
                .Select(g => Int(g, "l") ?? -1).ToHashSet();
            foreach (var doc in LinesCol.Find(CaptureRange(c.Id)).OrderBy(d => d["_id"].AsInt64))
            {
                var block = LineBlockCodec.Decode(doc["d"].AsBinary);
                int a = (int)(doc["_id"].AsInt64 & 0xFFFFFFFF), z = doc["z"].AsInt32;
                if (block.Count == 0 || block[0].LineNo != a || block[^1].LineNo != z)
                    problems.Add($"capture {c.Id}: line block {a} does not hold lines {a}..{z}");
                if (expectedFirst >= 0 && a != expectedFirst && !(a > expectedFirst && lostAfter.Contains(last)))
                    problems.Add($"capture {c.Id}: line block {a} follows a block that ended at {last}");
                lines += block.Count;
                bytes += block.Sum(l => (long)l.Raw.Length);
                stored.Add((a, z));
                expectedFirst = z + 1;
                last = z;
            }
            if (lines != c.Lines) problems.Add($"capture {c.Id}: {lines} lines stored, capture says {c.Lines}");
            if (bytes != c.Bytes) problems.Add($"capture {c.Id}: {bytes} bytes stored, capture says {c.Bytes}");
            long events = 0;
            foreach (var se in Events(new EventQuery { Capture = c.Id }))
            {
                events++;
                int n = se.Event.LineNo;
                int i = stored.BinarySearch((n, int.MaxValue));
                i = i >= 0 ? i : ~i - 1;
                if (i < 0 || stored[i].Z < n)
                    problems.Add($"capture {c.Id}: event {se.Event.Kind} names line {n}, which is not stored");
            }
            if (events != c.Events) problems.Add($"capture {c.Id}: {events} events stored, capture says {c.Events}");
            int boots = Boots(c.Id).Count;
            if (boots != c.Boots) problems.Add($"capture {c.Id}: {boots} boots stored, capture says {c.Boots}");
        }
        return problems;
    }
}
