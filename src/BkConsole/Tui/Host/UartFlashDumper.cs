using BkConsole.Core.Links;
using BkConsole.Devices.Beken;
using BkConsole.Devices.Beken.Reset;
using BkConsole.Devices.Flash;
using BkConsole.Devices.Serial;
using BkConsole.Tui.Dump;

namespace BkConsole.Tui.Host;

/// <summary>
/// The one-key dump over the Beken UART bootloader: a thin adapter over <see cref="FlashOperations.ReadAsync"/>
/// (link, identify, fast rate, whole flash verified by the chip's CRC, reboot and back to 115200 — also after a
/// failure or a cancel). Only maps the operations' progress and result onto the dump dialog's types.
/// </summary>
public sealed class UartFlashDumper : IFlashDumper
{
    private readonly FlashSessionOptions _session;
    private readonly Func<string, int, ISerialLink> _open;

    public UartFlashDumper(FlashSessionOptions? session = null, Func<string, int, ISerialLink>? open = null)
    {
        _session = session ?? new FlashSessionOptions { ResetStrategies = ResetStrategies.Automatic };
        _open = open ?? ((port, baud) => SerialPortLink.Open(port, baud));
    }

    public string Method => "uart";

    public ISerialLink Open(string port) => _open(port, BekenClient.LinkBaud);

    public async Task<FlashImage> ReadWholeFlashAsync(ISerialLink link, IProgress<DumpProgress> progress, CancellationToken cancellationToken)
    {
        if (link.BaudRate != BekenClient.LinkBaud) link.SetBaudRate(BekenClient.LinkBaud);
        progress.Report(new DumpProgress("linking with the bootloader (reset into download mode)"));
        var relay = new Relay(progress);
        var read = await FlashOperations.ReadAsync(link, _session, null, null, true, relay, cancellationToken).ConfigureAwait(false);
        var id = read.Identity;
        return new FlashImage(read.Data, id.Chip.Name, id.BootloaderName, id.Jedec?.Hex, read.Baud, read.Verified, read.Elapsed);
    }

    /// <summary>Turns the operations' phases into dialog stages; reports synchronously (the dialog marshals to the UI).</summary>
    private sealed class Relay(IProgress<DumpProgress> progress) : IProgress<FlashProgress>
    {
        public void Report(FlashProgress p) => progress.Report(p.Phase switch
        {
            "read" => new DumpProgress("reading (CRC-checked per window)", p.Done, p.Total, p.BytesPerSecond),
            _ => new DumpProgress(p.Note is { } note ? $"{p.Phase}: {note}" : p.Phase, p.Done, p.Total, p.BytesPerSecond),
        });
    }
}
