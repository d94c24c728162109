namespace BkConsole.Simulator.Spi;

/// <summary>
/// Knobs of the emulated BK7252's SPI-mode entry (ch341a-spi.md §3.8); the real values are unknown, so they
/// are parameters. <see cref="SuccessProbability"/> with <see cref="Seed"/> makes the flaky entry repeatable.
/// </summary>
public sealed record Bk7252SpiOptions
{
    public int Seed { get; init; } = 7252;

    /// <summary>Chance that a long enough 0xD2 run inside the boot window switches the pins over.</summary>
    public double SuccessProbability { get; init; } = 0.2;

    /// <summary>Consecutive 0xD2 bytes the boot ROM needs to see.</summary>
    public int RequiredD2 { get; init; } = 32;

    /// <summary>How long after CEN rises the boot ROM listens.</summary>
    public TimeSpan BootWindow { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Delay between an accepted run and the flash appearing on the pins.</summary>
    public TimeSpan SwitchDelay { get; init; } = TimeSpan.FromMilliseconds(80);

    /// <summary>When the firmware boots it sets the Beken SDK's protection SR = 0x4004 (OpenBeken/Tuya do).</summary>
    public bool FirmwareProtects { get; init; } = true;
}
