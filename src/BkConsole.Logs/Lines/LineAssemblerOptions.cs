namespace BkConsole.Logs.Lines;

/// <summary>
/// Settings of a <see cref="LineAssembler"/>. <see cref="MaxLineBytes"/> caps one line: longer runs without a line
/// end are cut into pieces of that many content bytes (each piece has <see cref="Core.Events.LineEnding.None"/>),
/// so a stream that never sends a newline cannot grow memory without bound.
/// </summary>
public sealed record LineAssemblerOptions
{
    /// <summary>How long a partial line (a prompt like <c>msh /></c>) waits for more bytes before it is flushed.</summary>
    public TimeSpan IdleFlush { get; init; } = LineTimeouts.IdleFlush;

    /// <summary>
    /// Content bytes per line before the assembler cuts it: 4 MiB by default, so a megabyte-long line (a hex dump
    /// without newlines, a stuck console) stays one line and line numbers match an editor's.
    /// </summary>
    public int MaxLineBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Sequence number of the first line (the live monitor continues numbering across reconnects).</summary>
    public long FirstSeq { get; init; } = 1;

    public static LineAssemblerOptions Default { get; } = new();
}
