using BkConsole.Core.Events;

namespace BkConsole.Tui.Session;

/// <summary>
/// Where a live capture goes besides the screen: the raw log file and the store. Called on the capture worker's
/// thread, never on the UI thread.
/// </summary>
public interface ICaptureSink : IDisposable
{
    void Raw(ReadOnlySpan<byte> data, DateTimeOffset time);

    void Lines(IReadOnlyList<LogLine> lines, IReadOnlyList<LogEvent> events);

    void Boot(BootRecord boot);

    /// <summary>The device was away from <paramref name="from"/> to <paramref name="to"/>.</summary>
    void Gap(DateTimeOffset from, DateTimeOffset to, string? reason);

    /// <summary>Make everything so far durable.</summary>
    void Flush();
}
