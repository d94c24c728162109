using BkConsole.Core.Events;

namespace BkConsole.Logs.Classify;

/// <summary>An event found in a line, with where in the line's text the match began (for mid-line banners).</summary>
public readonly record struct ClassifiedEvent(LogEvent Event, int MatchIndex, int MatchStart);
