using BkConsole.Core.Flash;

namespace BkConsole.Tui.Dump;

/// <summary>
/// The seam to the flash operations API (UART bootloader or SPI): link with the chip, read the whole flash with
/// verification, reboot it into its app. Implementations report through <see cref="IProgress{T}"/> only.
/// </summary>
public interface IFlashDumper
{
    /// <summary>"uart" or "spi".</summary>
    string Method { get; }

    Task<FlashImage> ReadWholeFlashAsync(string port, IProgress<DumpProgress> progress, CancellationToken cancellationToken);
}

/// <summary>A verified read of the whole flash: the bytes and what is known about them.</summary>
public sealed record FlashImage(byte[] Data, string Chip, string? Bootloader, string? FlashId, int? Baud, bool Verified, TimeSpan Elapsed);
