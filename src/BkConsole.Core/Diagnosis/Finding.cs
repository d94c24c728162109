using BkConsole.Core.Events;

namespace BkConsole.Core.Diagnosis;

/// <summary>
/// One conclusion drawn from a boot (and its neighbours): a stable <see cref="Id"/> (e.g. <c>ota.not_applied_no_fal</c>),
/// how bad it is, what happened in the user's terms, the event lines that show it, and what to do.
/// <see cref="Boot"/> is the 1-based boot index within the capture the finding is about.
/// <see cref="Benign"/> marks messages that look alarming but are expected (e.g. SD card absent, App verify failed).
/// </summary>
public sealed record Finding(
    string Id,
    Severity Severity,
    string Title,
    string Explanation,
    IReadOnlyList<FindingEvidence> Evidence,
    string Advice,
    int Boot)
{
    public bool Benign { get; init; }

    /// <summary>Line of the first piece of evidence (for sorting and jumping to it), else 0.</summary>
    public int FirstLine => Evidence.Count > 0 ? Evidence.Min(e => e.Line) : 0;
}
