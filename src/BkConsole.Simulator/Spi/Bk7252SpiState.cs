namespace BkConsole.Simulator.Spi;

/// <summary>States of the emulated BK7252 seen from its SPI pins.</summary>
public enum Bk7252SpiState
{
    /// <summary>Running its firmware: MISO answers zeros.</summary>
    Firmware,

    /// <summary>CEN held low: MISO floats (0xFF).</summary>
    Reset,

    /// <summary>Boot ROM listening for 0xD2 after CEN rose.</summary>
    BootWindow,

    /// <summary>0xD2 run accepted; pins switch to the flash shortly.</summary>
    Handshake,

    /// <summary>Pins wired to the internal SPI flash.</summary>
    Passthrough,
}
