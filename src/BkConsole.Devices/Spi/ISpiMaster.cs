namespace BkConsole.Devices.Spi;

/// <summary>
/// An SPI bus master: transfers only (style rule 4). It knows nothing about flash opcodes; <see cref="Spi25"/>
/// does. Frames given together are pipelined in as few USB round trips as the programmer allows; chip select
/// is asserted for each frame and released before the next one (and at the latest when the master is disposed).
/// </summary>
public interface ISpiMaster : IDisposable
{
    /// <summary>Run <paramref name="frames"/> in order, each as one chip-select assertion, full duplex.</summary>
    void Transfer(ReadOnlySpan<SpiFrame> frames, CancellationToken cancellationToken);

    /// <summary>The host waits (a sleep on hardware, modelled time in an emulator).</summary>
    void Pause(TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Time since the master was opened (modelled time for an emulated programmer).</summary>
    TimeSpan Elapsed { get; }

    /// <summary>Short name shown to the user, e.g. "ch341a" or "emulator".</summary>
    string Name { get; }
}
