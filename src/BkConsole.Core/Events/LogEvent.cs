namespace BkConsole.Core.Events;

/// <summary>
/// A classified line. <see cref="Kind"/> is a name from event-kinds.md (<c>family.what</c>). <see cref="Boot"/> is
/// the 1-based boot index within the capture (0 while unknown), <see cref="LineNo"/> the 1-based line number.
/// </summary>
public sealed record LogEvent(
    string Kind,
    Severity Severity,
    long Seq,
    int LineNo,
    string Text,
    IReadOnlyList<EventField> Fields)
{
    public int Boot { get; init; }

    /// <summary>Id of the rule that produced the event (file:rule), for "why did this match".</summary>
    public string? Rule { get; init; }

    public EventField? Field(string name)
    {
        foreach (var f in Fields)
            if (f.Name == name) return f;
        return null;
    }

    public string? Get(string name) => Field(name)?.Display;
}
