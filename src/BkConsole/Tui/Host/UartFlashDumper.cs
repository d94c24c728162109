using System.Diagnostics;
using BkConsole.Core.Links;
using BkConsole.Devices.Beken;
using BkConsole.Devices.Beken.Reset;
using BkConsole.Devices.Flash;
using BkConsole.Devices.Serial;
using BkConsole.Tui.Dump;

namespace BkConsole.Tui.Host;

/// <summary>
/// The one-key dump over the Beken UART bootloader: link (DTR/RTS pulse or the app's <c>reboot</c> command),
/// identify, switch to a fast rate, read the whole flash verified by the chip's CRC, then reboot into the app.
/// </summary>
public sealed class UartFlashDumper : IFlashDumper
{
    private readonly int _fastBaud;
    private readonly Func<string, int, ISerialLink> _open;

    public UartFlashDumper(int fastBaud = 2_000_000, Func<string, int, ISerialLink>? open = null)
    {
        _fastBaud = fastBaud;
        _open = open ?? ((port, baud) => SerialPortLink.Open(port, baud));
    }

    public string Method => "uart";

    public ISerialLink Open(string port) => _open(port, BekenClient.LinkBaud);

    public async Task<FlashImage> ReadWholeFlashAsync(ISerialLink link, IProgress<DumpProgress> progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        if (link.BaudRate != BekenClient.LinkBaud) link.SetBaudRate(BekenClient.LinkBaud);
        var client = new BekenClient(link);
        progress.Report(new DumpProgress("linking with the bootloader (reset into download mode)"));
        var linkProgress = new SyncProgress<LinkProgress>(p => progress.Report(new DumpProgress($"link: {p.Message}")));
        await client.ConnectAsync(ResetStrategies.Automatic, linkProgress, cancellationToken).ConfigureAwait(false);
        progress.Report(new DumpProgress("identifying the chip"));
        var id = await client.IdentifyAsync(null, cancellationToken).ConfigureAwait(false);
        progress.Report(new DumpProgress($"{id.Chip.Name}, {id.FlashSize / 1024 / 1024} MiB flash — switching to {_fastBaud} baud"));
        int baud = await client.SetBaudRateAsync(_fastBaud, linkProgress, cancellationToken).ConfigureAwait(false);
        var readProgress = new SyncProgress<FlashProgress>(p =>
            progress.Report(new DumpProgress($"reading at {baud} baud (CRC-checked per window)", p.Done, p.Total, p.BytesPerSecond)));
        var data = await client.ReadAsync(0, client.FlashSize, readProgress, cancellationToken).ConfigureAwait(false);
        progress.Report(new DumpProgress("rebooting the chip into its app", data.Length, data.Length));
        await client.RebootAsync(cancellationToken).ConfigureAwait(false);
        return new FlashImage(data, id.Chip.Name, id.BootloaderName, id.Jedec?.Hex, baud, Verified: true, clock.Elapsed);
    }

    /// <summary>Reports synchronously (no SynchronizationContext hop; the consumer marshals to the UI).</summary>
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
