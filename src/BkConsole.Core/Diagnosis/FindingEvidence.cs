namespace BkConsole.Core.Diagnosis;

/// <summary>A reference to the event (or raw line) that supports a finding: its 1-based line number and event kind.</summary>
public sealed record FindingEvidence(int Line, string Kind, string? Text = null);
