namespace BkConsole.Tui.Dump;

/// <summary>
/// A dump method that needs no serial link (the CH341A SPI programmer, or its emulator): it opens its own device,
/// reads the whole flash with verification and reboots the chip. The log port stays with the log meanwhile.
/// </summary>
public interface ILinklessFlashDumper
{
    /// <summary>"spi".</summary>
    string Method { get; }

    /// <summary>Which programmer it uses ("ch341a", "emulator"), for the question and the dialog title.</summary>
    string Programmer { get; }

    Task<FlashImage> ReadWholeFlashAsync(IProgress<DumpProgress> progress, CancellationToken cancellationToken);
}
