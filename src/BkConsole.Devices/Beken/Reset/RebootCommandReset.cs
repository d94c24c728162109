using BkConsole.Core.Links;

namespace BkConsole.Devices.Beken.Reset;

/// <summary>
/// Ask the running firmware to reboot: `reboot` typed into its console (OpenBeken, Tuya CLI) and the Beken bkreg
/// reboot frame (beken-uart-protocol.md §2.2). Works only when the app listens on this UART.
/// </summary>
public sealed class RebootCommandReset : IResetStrategy
{
    private static readonly byte[] Typed = "\r\nreboot\r\n"u8.ToArray();
    private static readonly byte[] BkRegReboot = [0x01, 0xE0, 0xFC, 0x05, 0xFE, 0x95, 0x27, 0x95, 0x27];

    public string Name => "reboot command";

    public TimeSpan Window => BekenTimeouts.AfterResetWindow;

    public string? UnavailableReason(ISerialLink link) => null;

    public async Task ResetAsync(ISerialLink link, IProgress<LinkProgress>? progress, CancellationToken ct)
    {
        progress?.Report(new LinkProgress(Name, "typing `reboot` into the firmware's console"));
        await link.WriteAsync(Typed, ct).ConfigureAwait(false);
        await link.WriteAsync(BkRegReboot, ct).ConfigureAwait(false);
    }
}
