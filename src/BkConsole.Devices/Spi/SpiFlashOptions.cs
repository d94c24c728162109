namespace BkConsole.Devices.Spi;

/// <summary>How a <see cref="SpiFlashService"/> session connects and what it records.</summary>
public sealed record SpiFlashOptions
{
    /// <summary>Run the Beken CEN + 0xD2 entry when the flash does not answer at once (needs a CEN line).</summary>
    public bool BekenEntry { get; init; } = true;

    public int MaxAttempts { get; init; } = SpiTimeouts.BekenMaxAttempts;

    /// <summary>Beken chip name written into dump manifests (e.g. "bk7252").</summary>
    public string Chip { get; init; } = "bk7252";

    /// <summary>Pulse CEN when the session ends so the chip boots its firmware again.</summary>
    public bool RebootWhenDone { get; init; } = true;
}
