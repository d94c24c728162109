using BkConsole.Core.Events;
using BkConsole.Core.Flash;

namespace BkConsole.Storage;

// The records the store hands in and out, grouped here as the event records are in Core.

/// <summary>Live = being written now; Incomplete = its writer stopped before closing (crash, kill); Complete = closed.</summary>
public enum CaptureState
{
    Live = 0,
    Incomplete = 1,
    Complete = 2,
}

/// <summary>Where a capture's bytes came from.</summary>
public enum CaptureSource
{
    Port = 0,
    File = 1,
}

/// <summary>What is known when a capture starts: a port session (port, baud) or an imported file (path, size, SHA-256).</summary>
public sealed record CaptureStart(CaptureSource Source, string Name, string? Path)
{
    public long? Size { get; init; }
    public string? Sha256 { get; init; }
    public int? Baud { get; init; }
    public string? Device { get; init; }
    public DateTimeOffset Started { get; init; } = DateTimeOffset.UtcNow;

    public static CaptureStart ForFile(string path, long size, string sha256) =>
        new(CaptureSource.File, System.IO.Path.GetFileName(path), System.IO.Path.GetFullPath(path)) { Size = size, Sha256 = sha256 };

    public static CaptureStart ForPort(string port, int baud, string? device = null) =>
        new(CaptureSource.Port, System.IO.Path.GetFileName(port), port) { Baud = baud, Device = device };
}

/// <summary>A capture as stored, with the counts of what its committed batches hold.</summary>
public sealed record StoredCapture(int Id, CaptureSource Source, string Name, string? Path, CaptureState State)
{
    public long? Size { get; init; }
    public string? Sha256 { get; init; }
    public int? Baud { get; init; }
    public string? Device { get; init; }
    public DateTimeOffset Started { get; init; }
    public DateTimeOffset? Ended { get; init; }
    public long Lines { get; init; }
    public long Bytes { get; init; }
    public long Events { get; init; }
    public int Boots { get; init; }
    public int Gaps { get; init; }
}

/// <summary>An event read back from the store, with the capture it belongs to.</summary>
public sealed record StoredEvent(int Capture, LogEvent Event);

/// <summary>
/// A reconnect marker: the link was lost at <see cref="Lost"/> after <see cref="BytesBefore"/> bytes and
/// <see cref="LineBefore"/> lines, and came back at <see cref="Resumed"/>; bytes after it = capture bytes − BytesBefore.
/// </summary>
public sealed record CaptureGap(DateTimeOffset Lost, long BytesBefore, int LineBefore)
{
    public DateTimeOffset? Resumed { get; init; }
    public string? Reason { get; init; }
}

/// <summary>A dump recorded against a device, with the capture and boot that were live when it was taken.</summary>
public sealed record StoredDump(int Id, DumpManifest Manifest)
{
    public int? Capture { get; init; }
    public int? Boot { get; init; }
}

/// <summary>A device we have seen. <see cref="Key"/>: MAC, chip + flash id, or the port's by-id name.</summary>
public sealed record DeviceRecord(string Key)
{
    public string? Name { get; init; }
    public string? Chip { get; init; }
    public DateTimeOffset FirstSeen { get; init; } = DateTimeOffset.UtcNow;
    public DateTimeOffset LastSeen { get; init; } = DateTimeOffset.UtcNow;
}

/// <summary>Which stored events to return. Null = any. <see cref="MinSeverity"/> keeps that severity and worse.</summary>
public sealed record EventQuery
{
    public int? Capture { get; init; }
    public string? Kind { get; init; }
    public int? Boot { get; init; }
    public Severity? MinSeverity { get; init; }
    public int? FromLine { get; init; }
    public int? ToLine { get; init; }
}
