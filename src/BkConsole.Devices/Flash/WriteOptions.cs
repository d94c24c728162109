namespace BkConsole.Devices.Flash;

/// <summary>A write request: image bytes at <see cref="Start"/> (default: the app at 0x11000).</summary>
public sealed record WriteOptions
{
    public FlashSessionOptions Session { get; init; } = new();

    public long Start { get; init; } = 0x11000;

    public required ReadOnlyMemory<byte> Data { get; init; }

    /// <summary>Allow writing below 0x11000 (the bootloader). Off: a full image written at 0 skips its bootloader part.</summary>
    public bool ForceBootloader { get; init; }
}
