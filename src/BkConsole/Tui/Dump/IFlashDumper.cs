using BkConsole.Core.Links;

namespace BkConsole.Tui.Dump;

/// <summary>
/// The seam to the flash operations API (UART bootloader or SPI): link with the chip, read the whole flash with
/// verification, reboot it into its app. Implementations report through <see cref="IProgress{T}"/> only.
/// </summary>
public interface IFlashDumper
{
    /// <summary>"uart" or "spi".</summary>
    string Method { get; }

    /// <summary>Opens a flash link on another port (an adapter on UART1) at the bootloader's rate.</summary>
    ISerialLink Open(string port);

    /// <summary>Reads the whole flash over <paramref name="link"/> and reboots the chip into its app.</summary>
    Task<FlashImage> ReadWholeFlashAsync(ISerialLink link, IProgress<DumpProgress> progress, CancellationToken cancellationToken);
}

/// <summary>A verified read of the whole flash: the bytes and what is known about them.</summary>
public sealed record FlashImage(byte[] Data, string Chip, string? Bootloader, string? FlashId, int? Baud, bool Verified, TimeSpan Elapsed);
