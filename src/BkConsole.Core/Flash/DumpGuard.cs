namespace BkConsole.Core.Flash;

/// <summary>
/// Refuses to call a read a backup when it cannot be one: wrong size, all 0x00, all 0xFF.
/// (Users of today's tools lose devices to "backups" of an unpowered or protected chip.)
/// </summary>
public static class DumpGuard
{
    /// <summary>Null when the image looks like a real flash content, else the reason it is not a backup.</summary>
    public static string? Check(ReadOnlySpan<byte> image, long expectedSize)
    {
        if (image.Length != expectedSize)
            return $"size is {image.Length} bytes, expected {expectedSize} (0x{expectedSize:x})";
        if (image.Length == 0) return "image is empty";
        if (image.IndexOfAnyExcept((byte)0xFF) < 0) return "every byte is 0xFF (erased or unread flash)";
        if (image.IndexOfAnyExcept((byte)0x00) < 0) return "every byte is 0x00 (no data on MISO / chip not answering)";
        return null;
    }
}
