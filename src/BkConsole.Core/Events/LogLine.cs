namespace BkConsole.Core.Events;

/// <summary>How a line ended on the wire. <see cref="None"/> = flushed after an idle gap or at end of input.</summary>
public enum LineEnding : byte
{
    None,
    Lf,
    CrLf,
    CrCrLf,
    Cr,
}

/// <summary>
/// One assembled line. <see cref="Raw"/> holds the exact bytes received for this line, terminator included, so
/// concatenating <c>Raw</c> of every line of a stream gives back the stream byte for byte.
/// <see cref="Text"/> is the leniently decoded text with ANSI escape sequences removed and without the terminator.
/// </summary>
public sealed record LogLine(
    long Seq,
    int LineNo,
    DateTimeOffset HostTime,
    string Text,
    ReadOnlyMemory<byte> Raw,
    LineEnding Ending,
    bool HadAnsi = false)
{
    /// <summary>Byte offset of <see cref="Raw"/> within its capture.</summary>
    public long Offset { get; init; }
}
