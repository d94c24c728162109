using BkConsole.Core.Links;
using BkConsole.Devices.Beken;
using BkConsole.Devices.Beken.Reset;

namespace BkConsole.Devices.Flash;

/// <summary>
/// A linked, identified chip at transfer speed. Disposing it always leaves the chip usable: pending replies are
/// drained, the chip is rebooted into its firmware (when asked), and the host port is back at 115200.
/// </summary>
public sealed class FlashSession : IAsyncDisposable
{
    private readonly FlashSessionOptions _options;

    private FlashSession(BekenClient client, ChipIdentity identity, FlashSessionOptions options)
    {
        Client = client;
        Identity = identity;
        _options = options;
    }

    public BekenClient Client { get; }

    public ChipIdentity Identity { get; }

    public int Baud => Client.Link.BaudRate;

    public bool Rebooted { get; private set; }

    public static async Task<FlashSession> OpenAsync(ISerialLink link, FlashSessionOptions options, IProgress<FlashProgress>? progress, CancellationToken ct)
    {
        var client = new BekenClient(link);
        IProgress<LinkProgress>? lp = progress == null ? null : new SyncProgress<LinkProgress>(p =>
            progress.Report(new FlashProgress("link", 0, 0, 0, p.Remaining, 0, $"{p.Strategy}: {p.Message}")));
        bool linked = false;
        try
        {
            var strategies = options.ResetStrategies ?? ResetStrategies.Default();
            await client.ConnectAsync(strategies, lp, ct).ConfigureAwait(false);
            linked = true;
            progress?.Report(new FlashProgress("identify", 0, 0, 0, null, 0, "identifying the chip"));
            var identity = await client.IdentifyAsync(options.Chip, ct).ConfigureAwait(false);
            if (options.Baud > BekenClient.LinkBaud)
                await client.SetBaudRateAsync(options.Baud, lp, ct, relink: strategies).ConfigureAwait(false);
            return new FlashSession(client, identity, options);
        }
        catch when (linked)
        {
            await LeaveAsync(client, options.RebootWhenDone).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Drain, reboot (optional), host back to 115200. Never throws, never waits on the caller's token.</summary>
    private static async Task<bool> LeaveAsync(BekenClient client, bool reboot)
    {
        try
        {
            await client.Transport.DrainAsync(BekenTimeouts.Drain, CancellationToken.None).ConfigureAwait(false);
            if (reboot)
            {
                await client.RebootAsync(CancellationToken.None).ConfigureAwait(false);
                client.Link.SetBaudRate(BekenClient.LinkBaud);
                return true;
            }
            await client.ReturnToLinkBaudAsync(CancellationToken.None).ConfigureAwait(false);
            client.Link.SetBaudRate(BekenClient.LinkBaud);
            return false;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or Core.Errors.BkException)
        {
            return false;
        }
    }

    private int _left;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _left, 1) != 0) return;
        Rebooted = await LeaveAsync(Client, _options.RebootWhenDone).ConfigureAwait(false);
    }
}
