namespace BkConsole.Tui.Session;

/// <summary>What the reader hands to the UI thread: bytes as they arrived, or a change of the port's state.</summary>
public readonly record struct ReaderItem(
    byte[]? Data,
    DateTimeOffset Time,
    long Timestamp,
    ConnectionState? State,
    string? Detail)
{
    public static ReaderItem Bytes(byte[] data, DateTimeOffset time, long timestamp) => new(data, time, timestamp, null, null);

    public static ReaderItem StateChange(ConnectionState state, DateTimeOffset time, string? detail = null) =>
        new(null, time, 0, state, detail);
}
