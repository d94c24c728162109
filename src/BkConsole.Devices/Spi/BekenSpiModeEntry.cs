using BkConsole.Core.Errors;

namespace BkConsole.Devices.Spi;

/// <summary>
/// Puts a Beken BK72xx into its SPI flash pass-through mode (ch341a-spi.md §3.5): if the flash already answers,
/// done; else per attempt pull CEN low, release it, clock a run of 0xD2 in one frame, check the reply, and read
/// the JEDEC id a few times. Retried up to <see cref="MaxAttempts"/> times with the attempt count and elapsed
/// time reported live; cancellable between every step.
/// </summary>
public sealed class BekenSpiModeEntry
{
    private readonly Spi25 _flash;
    private readonly ICenLine _cen;

    public BekenSpiModeEntry(Spi25 flash, ICenLine cen, int maxAttempts = SpiTimeouts.BekenMaxAttempts)
    {
        if (maxAttempts < 1) throw new UsageException($"--attempts must be at least 1 (got {maxAttempts})");
        _flash = flash;
        _cen = cen;
        MaxAttempts = maxAttempts;
    }

    public int MaxAttempts { get; }

    /// <summary>Attempts used by the last <see cref="Enter"/> (0 when the chip was already in SPI mode).</summary>
    public int AttemptsUsed { get; private set; }

    public JedecId Enter(IProgress<BekenEntryProgress>? progress, CancellationToken ct)
    {
        var spi = _flash.Master;
        var started = spi.Elapsed;
        var id = _flash.ReadJedecId(ct);
        AttemptsUsed = 0;
        if (id.IsValid) return id;

        bool sawEcho = false;
        var run = Enumerable.Repeat(Spi25Opcodes.BekenSpiModeSync, SpiTimeouts.BekenSyncRun).ToArray();
        var echo = new byte[run.Length];
        for (int attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            ct.ThrowIfCancellationRequested();
            AttemptsUsed = attempt;
            progress?.Report(new BekenEntryProgress(attempt, MaxAttempts, spi.Elapsed - started, sawEcho, id));
            _cen.SetCen(false, ct);
            spi.Pause(SpiTimeouts.BekenCenLow, ct);
            _cen.SetCen(true, ct);
            spi.Transfer([new SpiFrame(run, default, echo)], ct);
            sawEcho |= Array.IndexOf(echo, Spi25Opcodes.BekenSpiModeSync) >= 0;
            for (int k = 0; k < SpiTimeouts.BekenIdReads; k++)
            {
                spi.Pause(SpiTimeouts.BekenIdGap, ct);
                id = _flash.ReadJedecId(ct);
                if (id.IsValid)
                {
                    progress?.Report(new BekenEntryProgress(attempt, MaxAttempts, spi.Elapsed - started, sawEcho, id));
                    return id;
                }
            }
        }
        var elapsed = spi.Elapsed - started;
        throw sawEcho
            ? new BkException($"The chip echoed the 0xD2 run but did not enter SPI mode in {MaxAttempts} attempts ({elapsed.TotalSeconds:0.#} s)",
                "Entry is probabilistic (one board needed 398 attempts): run again or raise --attempts; " +
                "make sure nothing else drives CEN and the board's supply is stable.")
            : new BkException($"No reply from the chip in {MaxAttempts} attempts ({elapsed.TotalSeconds:0.#} s): MISO never echoed 0xD2 and the JEDEC id read {id}",
                "Check the wiring: CE/CEN→D2, TCK/P20→SCK, TMS/P21→CS0, TDI/P22→MOSI, TDO/P23→MISO, common GND, " +
                "3.3 V logic; put the CH341A jumper in I2C/SPI mode.");
    }
}
