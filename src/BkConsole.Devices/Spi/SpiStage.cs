namespace BkConsole.Devices.Spi;

/// <summary>What an SPI flash operation is doing right now.</summary>
public enum SpiStage
{
    Entering,
    Reading,
    Verifying,
    Erasing,
    Programming,
    Unprotecting,
}
