using BkConsole.Core.Events;
using BkConsole.Core.Flash;
using LiteDB;

namespace BkConsole.Storage;

// BSON mapping. Field names are short because LiteDB stores them in every document; times are UTC ticks (Int64).
//  captures: _id int, k source, n name, p path, sz size, h sha256, bd baud, dv device, t0/t1 start/end, st state,
//            l lines, y bytes, e events, b boots, g gaps
//  lines:    _id = capture<<32 | first line, z last line, d deflated LineBlock
//  events:   _id = capture<<32 | block ordinal, a/z first/last line, k kinds, b boots, v worst severity, n count, d
//  boots:    _id = capture<<32 | boot index, a/z first/last line, bl, fw, j jump, rr reset reason, e events,
//            t0/t1, m reset mid-line
//  gaps:     _id int, c capture, t0 lost, t1 resumed, y bytes before, l line before, r reason
//  dumps:    _id int, dv device, c capture, b boot, v verified, t time, m manifest JSON
//  devices:  _id key, n name, ch chip, t0 first seen, t1 last seen
public sealed partial class BkStore
{
    private static BsonValue Opt(string? s) => s is null ? BsonValue.Null : new BsonValue(s);

    private static BsonValue Opt(long? v) => v is null ? BsonValue.Null : new BsonValue(v.Value);

    private static BsonValue Opt(int? v) => v is null ? BsonValue.Null : new BsonValue(v.Value);

    private static string? Str(BsonDocument d, string k) => d.TryGetValue(k, out var v) && v.IsString ? v.AsString : null;

    private static long? Long(BsonDocument d, string k) => d.TryGetValue(k, out var v) && v.IsNumber ? v.AsInt64 : null;

    private static int? Int(BsonDocument d, string k) => d.TryGetValue(k, out var v) && v.IsNumber ? v.AsInt32 : null;

    private static DateTimeOffset? Time(BsonDocument d, string k) =>
        Long(d, k) is { } t ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    private static BsonValue Time(DateTimeOffset? t) => t is null ? BsonValue.Null : new BsonValue(t.Value.UtcTicks);

    internal static BsonDocument CaptureToDoc(CaptureStart s) => new()
    {
        ["k"] = (int)s.Source,
        ["n"] = s.Name,
        ["p"] = Opt(s.Path),
        ["sz"] = Opt(s.Size),
        ["h"] = Opt(s.Sha256),
        ["bd"] = Opt(s.Baud),
        ["dv"] = Opt(s.Device),
        ["t0"] = Time(s.Started),
        ["t1"] = BsonValue.Null,
        ["st"] = (int)CaptureState.Live,
        ["l"] = 0L,
        ["y"] = 0L,
        ["e"] = 0L,
        ["b"] = 0,
        ["g"] = 0,
    };

    internal static StoredCapture DocToCapture(BsonDocument d) =>
        new(d["_id"].AsInt32, (CaptureSource)(Int(d, "k") ?? 0), Str(d, "n") ?? "", Str(d, "p"),
            (CaptureState)(Int(d, "st") ?? 1))
        {
            Size = Long(d, "sz"),
            Sha256 = Str(d, "h"),
            Baud = Int(d, "bd"),
            Device = Str(d, "dv"),
            Started = Time(d, "t0") ?? default,
            Ended = Time(d, "t1"),
            Lines = Long(d, "l") ?? 0,
            Bytes = Long(d, "y") ?? 0,
            Events = Long(d, "e") ?? 0,
            Boots = Int(d, "b") ?? 0,
            Gaps = Int(d, "g") ?? 0,
        };

    internal static BsonDocument BootToDoc(int capture, BootRecord b) => new()
    {
        ["_id"] = Key(capture, b.Index),
        ["a"] = b.FirstLine,
        ["z"] = b.LastLine,
        ["bl"] = Opt(b.Bootloader),
        ["fw"] = Opt(b.Firmware),
        ["j"] = b.Jump is { } j ? new BsonValue(unchecked((long)j)) : BsonValue.Null,
        ["rr"] = Opt(b.ResetReason),
        ["e"] = b.Events,
        ["t0"] = Time(b.Start),
        ["t1"] = Time(b.End),
        ["m"] = b.ResetMidLine,
    };

    internal static BootRecord DocToBoot(BsonDocument d) =>
        new((int)(d["_id"].AsInt64 & 0xFFFFFFFF), Int(d, "a") ?? 0, Int(d, "z") ?? 0, Str(d, "bl"), Str(d, "fw"),
            Long(d, "j") is { } j ? unchecked((ulong)j) : null, Str(d, "rr"), Int(d, "e") ?? 0)
        {
            Start = Time(d, "t0"),
            End = Time(d, "t1"),
            ResetMidLine = d.TryGetValue("m", out var m) && m.IsBoolean && m.AsBoolean,
        };

    internal static BsonDocument GapToDoc(int capture, CaptureGap g) => new()
    {
        ["c"] = capture,
        ["t0"] = Time(g.Lost),
        ["t1"] = Time(g.Resumed),
        ["y"] = g.BytesBefore,
        ["l"] = g.LineBefore,
        ["r"] = Opt(g.Reason),
    };

    internal static CaptureGap DocToGap(BsonDocument d) =>
        new(Time(d, "t0") ?? default, Long(d, "y") ?? 0, Int(d, "l") ?? 0) { Resumed = Time(d, "t1"), Reason = Str(d, "r") };

    internal static BsonDocument DumpToDoc(DumpManifest m, int? capture, int? boot) => new()
    {
        ["dv"] = Opt(m.Device),
        ["c"] = Opt(capture),
        ["b"] = Opt(boot),
        ["v"] = m.Verified,
        ["t"] = Time(m.Time),
        ["m"] = m.ToJson(),
    };

    internal static StoredDump DocToDump(BsonDocument d) =>
        new(d["_id"].AsInt32, DumpManifest.FromJson(d["m"].AsString)) { Capture = Int(d, "c"), Boot = Int(d, "b") };

    internal static BsonDocument DeviceToDoc(DeviceRecord r) => new()
    {
        ["_id"] = r.Key,
        ["n"] = Opt(r.Name),
        ["ch"] = Opt(r.Chip),
        ["t0"] = Time(r.FirstSeen),
        ["t1"] = Time(r.LastSeen),
    };

    internal static DeviceRecord DocToDevice(BsonDocument d) => new(d["_id"].AsString)
    {
        Name = Str(d, "n"),
        Chip = Str(d, "ch"),
        FirstSeen = Time(d, "t0") ?? default,
        LastSeen = Time(d, "t1") ?? default,
    };
}

public sealed partial class BkStore
{
    internal static BsonDocument LineBlockToDoc(int capture, List<LogLine> lines, Blocks.PackWriter a, Blocks.PackWriter b) => new()
    {
        ["_id"] = Key(capture, lines[0].LineNo),
        ["z"] = lines[^1].LineNo,
        ["d"] = Blocks.LineBlockCodec.Encode(lines, 0, lines.Count, a, b),
    };

    internal static BsonDocument EventBlockToDoc(int capture, int ordinal, List<LogEvent> events, Blocks.PackWriter a, Blocks.PackWriter b)
    {
        int min = int.MaxValue, max = int.MinValue;
        var worst = Severity.Debug;
        var kinds = new HashSet<string>(StringComparer.Ordinal);
        var boots = new HashSet<int>();
        foreach (var e in events)
        {
            min = Math.Min(min, e.LineNo);
            max = Math.Max(max, e.LineNo);
            if (e.Severity > worst) worst = e.Severity;
            kinds.Add(e.Kind);
            boots.Add(e.Boot);
        }
        return new BsonDocument
        {
            ["_id"] = Key(capture, ordinal),
            ["a"] = min,
            ["z"] = max,
            ["k"] = new BsonArray(kinds.Select(k => new BsonValue(k))),
            ["b"] = new BsonArray(boots.Select(x => new BsonValue(x))),
            ["v"] = (int)worst,
            ["n"] = events.Count,
            ["d"] = Blocks.EventBlockCodec.Encode(events, min, a, b),
        };
    }
}
