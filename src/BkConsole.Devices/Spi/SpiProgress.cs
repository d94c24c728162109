namespace BkConsole.Devices.Spi;

/// <summary>
/// One progress report of <see cref="SpiFlashService"/>: stage, bytes done of total, elapsed time on the
/// master's clock (modelled for the emulator) and, while entering SPI mode, the attempt counter.
/// </summary>
public sealed record SpiProgress(SpiStage Stage, long Done, long Total, TimeSpan Elapsed, BekenEntryProgress? Entry = null)
{
    public double Fraction => Total <= 0 ? 0 : (double)Done / Total;
}
