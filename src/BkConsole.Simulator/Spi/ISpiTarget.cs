namespace BkConsole.Simulator.Spi;

/// <summary>
/// What hangs on the emulated CH341A's pins: chip select edges, full-duplex bytes, and the Beken CEN line (D2).
/// Times are the emulator's modelled device time.
/// </summary>
public interface ISpiTarget
{
    /// <summary>CS0 went low (<c>true</c>) or high (<c>false</c>). Write-type commands commit on the rising edge.</summary>
    void ChipSelect(bool asserted, TimeSpan now);

    /// <summary>One byte clocked while CS is asserted; returns the MISO byte.</summary>
    byte Exchange(byte mosi, TimeSpan now);

    /// <summary>D2 (CEN) level changed: <c>true</c> = released high.</summary>
    void SetCen(bool high, TimeSpan now);
}
