using BkConsole.Core.Errors;
using BkConsole.Core.Links;
using BkConsole.Devices.Serial;
using BkConsole.Storage;
using BkConsole.Tui.Dump;
using BkConsole.Tui.Session;
using BkConsole.Tui.Spi;
using BkConsole.Cli;

namespace BkConsole.Tui.Host;

/// <summary>
/// Puts the live terminal together for <c>monitor</c> and <c>demo</c>: the store and its live capture, the raw
/// log file, the pipeline, the session on the real serial link, the one-key dump; runs the window; closes it all.
/// </summary>
public static class MonitorHost
{
    /// <param name="startDevice">
    /// Powers a simulated device on just before the port is opened (the demo), so its first boot is not lost to
    /// the store's start-up; disposed when the terminal closes.
    /// </param>
    /// <param name="spiProgrammer">The SPI method's programmer: "ch341a", or "emulator" in the demo.</param>
    /// <param name="emulatedFlash">With the emulator: the simulated device's own flash array, so SPI reads what UART reads.</param>
    public static async Task<int> RunAsync(MonitorOptions options, string? suggestedFlashPort = null,
        Func<IDisposable>? startDevice = null, string spiProgrammer = "ch341a", byte[]? emulatedFlash = null,
        CancellationToken cancellationToken = default)
    {
        var dbPath = Path.GetFullPath(options.DbPath ?? StorePaths.DefaultDatabase());
        using var store = BkStore.Open(dbPath);
        IDisposable? device = null;
        MonitorSession? session = null;
        try
        {
            device = startDevice?.Invoke();
            // the port first: a missing or busy port fails here, before a capture exists (no empty captures);
            // bytes arriving meanwhile wait in the driver's buffer for the reader
            var first = SerialPortLink.Open(options.Port, options.Baud);
            var sinks = new List<ICaptureSink>();
            if (options.LogFile != null) sinks.Add(new RawLogFile(options.LogFile));
            var writer = store.BeginCapture(CaptureStart.ForPort(options.Port, options.Baud, options.DeviceName));
            sinks.Add(new StoreCaptureSink(writer));
            session = new MonitorSession(options, FirstThen(first, SerialOpener(options.Port)), new LogsPipeline(), sinks, new DiagnosisFindings());
            await session.StartAsync(cancellationToken).ConfigureAwait(false);
            var spi = new SpiFlashDumper(new SpiCommands.SpiSessionOptions { Programmer = spiProgrammer, EmulatedFlash = emulatedFlash });
            var spiModel = new SpiPaneModel(spiProgrammer);
            spi.Progressed += spiModel.Update;
            spi.Connected += spiModel.Connected;
            var dump = new OneKeyDump(session, new UartFlashDumper(), new StoreDumpRecorder(store, writer.CaptureId), spi: spi);
            var window = new MonitorWindowOptions
            {
                DbPath = dbPath,
                Dump = dump,
                PortMemory = new FlashPortMemory(FlashPortMemory.DefaultPath()),
                DumpsFolder = Path.Combine(Path.GetDirectoryName(dbPath) ?? ".", "dumps"),
                SuggestedFlashPort = suggestedFlashPort,
                DiagnosisAvailable = true,
                SpiModel = spiModel,
            };
            return MonitorApp.Run(session, window);
        }
        finally
        {
            if (session != null) await session.DisposeAsync().ConfigureAwait(false);
            device?.Dispose();
        }
    }

    /// <summary>Hands out an already open link once, then opens anew (reconnects after an unplug).</summary>
    private static LinkOpener FirstThen(ISerialLink first, LinkOpener again)
    {
        ISerialLink? pending = first;
        return (baud, ct) =>
        {
            if (Interlocked.Exchange(ref pending, null) is { } link)
            {
                if (link.BaudRate != baud) link.SetBaudRate(baud);
                return ValueTask.FromResult(link);
            }
            return again(baud, ct);
        };
    }

    /// <summary>Opens the port with the serial library; open errors carry advice (busy → who holds it, permission → dialout).</summary>
    public static LinkOpener SerialOpener(string port) =>
        (baud, ct) => ValueTask.FromResult<ISerialLink>(SerialPortLink.Open(port, baud));

    /// <summary>The ports a user can pick, with their /dev/serial/by-id names.</summary>
    public static IReadOnlyList<SerialPortInfo> Ports() => PortLister.List();

    public static void CheckBaud(int baud)
    {
        if (baud is < 300 or > 12_000_000)
            throw new UsageException($"baud rate {baud} is out of range", "use e.g. 115200 (logs), 921600 or 2000000");
    }
}
