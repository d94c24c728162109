using BkConsole.Core.Links;

namespace BkConsole.Devices.Beken.Reset;

/// <summary>
/// One way to get the chip into its download window. The client spams LinkCheck for <see cref="Window"/> after
/// <see cref="ResetAsync"/> returns, and cycles through the strategies (style rule 6).
/// </summary>
public interface IResetStrategy
{
    string Name { get; }

    /// <summary>How long LinkCheck is spammed after this reset.</summary>
    TimeSpan Window { get; }

    /// <summary>Null when usable on this link, else why not (e.g. "DTR/RTS not available on a pseudo-terminal").</summary>
    string? UnavailableReason(ISerialLink link);

    Task ResetAsync(ISerialLink link, IProgress<LinkProgress>? progress, CancellationToken ct);
}
