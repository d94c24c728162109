using BkConsole.Cli;
using BkConsole.Devices.Spi;
using BkConsole.Tui.Dump;

namespace BkConsole.Tui.Spi;

/// <summary>
/// The one-key dump with SPI as its method: open the CH341A (or the emulator), enter Beken SPI mode with the
/// attempt counter shown, read the whole flash verified by a second pass, reboot the chip (CEN pulse).
/// Same result type as the UART dumper (<see cref="FlashImage"/>), but no serial link: the programmer is a USB
/// device, so it is the one-key dump's <see cref="ILinklessFlashDumper"/>.
/// </summary>
public sealed class SpiFlashDumper : ILinklessFlashDumper
{
    private readonly SpiCommands.SpiSessionOptions _options;

    public SpiFlashDumper(SpiCommands.SpiSessionOptions? options = null) => _options = options ?? new SpiCommands.SpiSessionOptions();

    public string Method => "spi";

    public string Programmer => _options.Programmer;

    /// <summary>The latest raw progress (attempt counter, stage), for an <see cref="SpiPane"/>.</summary>
    public event Action<SpiProgress>? Progressed;

    /// <summary>The chip as detected (JEDEC id, name, size, protection), once the programmer reached it.</summary>
    public event Action<SpiFlashInfo>? Connected;

    public Task<FlashImage> ReadWholeFlashAsync(IProgress<DumpProgress> progress, CancellationToken cancellationToken) =>
        Task.Run(() =>
        {
            progress.Report(new DumpProgress($"opening the {_options.Programmer} SPI programmer"));
            using var session = SpiCommands.SpiSession.Open(_options);
            var relay = new Relay(this, progress);
            var info = session.Service.Connect(relay, cancellationToken);
            Connected?.Invoke(info);
            progress.Report(new DumpProgress($"{info.Describe()} — reading"));
            var data = session.Service.Read(0, info.Size, verify: true, relay, cancellationToken);
            progress.Report(new DumpProgress("rebooting the chip (CEN pulse)", data.Length, data.Length));
            session.Finish(cancellationToken);
            return new FlashImage(data, session.Service.Options.Chip, null, info.Id.Hex, null, Verified: true,
                session.Service.Master.Elapsed);
        }, cancellationToken);

    /// <summary>Turns SPI progress into the dump dialog's stages, and forwards the raw report.</summary>
    private sealed class Relay(SpiFlashDumper owner, IProgress<DumpProgress> progress) : IProgress<SpiProgress>
    {
        public void Report(SpiProgress p)
        {
            owner.Progressed?.Invoke(p);
            double rate = p.Elapsed.TotalSeconds > 0 ? p.Done / p.Elapsed.TotalSeconds : 0;
            progress.Report(p.Entry is { } e
                ? new DumpProgress($"entering SPI mode: attempt {e.Attempt}/{e.MaxAttempts}, {e.Elapsed.TotalSeconds:0.0} s")
                : new DumpProgress(SpiPaneModel.StageText(p.Stage), p.Done, p.Total, rate));
        }
    }
}
