namespace BkConsole.Devices.Spi;

/// <summary>
/// The Beken chip's CEN (reset, active low) driven by a programmer GPIO — D2 on a CH341A. Changing it never
/// disturbs the SPI chip select, and chip-select changes never disturb it.
/// </summary>
public interface ICenLine
{
    /// <summary>Drive CEN low (<c>false</c>: chip held in reset) or release it high (<c>true</c>: chip runs).</summary>
    void SetCen(bool high, CancellationToken cancellationToken);
}
