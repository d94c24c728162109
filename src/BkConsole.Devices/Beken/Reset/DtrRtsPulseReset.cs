using BkConsole.Core.Links;

namespace BkConsole.Devices.Beken.Reset;

/// <summary>
/// Pulse CEN through the adapter's modem lines: RTS and DTR asserted, DTR released, then RTS released (the staged
/// release also drives ESP-style auto-reset circuits; beken-uart-protocol.md §2.2).
/// </summary>
public sealed class DtrRtsPulseReset : IResetStrategy
{
    public static readonly TimeSpan Hold = TimeSpan.FromMilliseconds(100);

    public string Name => "DTR/RTS pulse";

    public TimeSpan Window => BekenTimeouts.AfterResetWindow;

    public string? UnavailableReason(ISerialLink link) =>
        link.ModemLines == null ? link.ModemLinesUnavailableReason ?? "the port has no modem lines" : null;

    public async Task ResetAsync(ISerialLink link, IProgress<LinkProgress>? progress, CancellationToken ct)
    {
        var lines = link.ModemLines ?? throw new InvalidOperationException(UnavailableReason(link));
        progress?.Report(new LinkProgress(Name, "pulsing DTR/RTS (CEN) to reset the chip"));
        lines.SetRts(true);
        lines.SetDtr(true);
        await Task.Delay(Hold, ct).ConfigureAwait(false);
        lines.SetDtr(false);
        await Task.Delay(Hold, ct).ConfigureAwait(false);
        lines.SetRts(false);
    }
}
