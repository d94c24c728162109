using System.Diagnostics;
using System.Text;
using BkConsole.Simulator.Bootloader;
using BkConsole.Simulator.Flash;
using BkConsole.Simulator.Scenarios;
using BkConsole.Simulator.Uart;

namespace BkConsole.Simulator.Device;

/// <summary>
/// A simulated BK72xx on a byte channel: plays the scenario's boot logs, opens the download window after each reset,
/// runs the bootloader protocol once linked, answers typed commands, and treats link checks / reboot commands reaching
/// the running app as a CEN pulse (auto-download reboot). One device thread owns all state; the transmitter thread
/// paces output. Never throws on host behaviour: garbage, hangups and wrong rates are part of the job.
/// </summary>
public sealed class SimulatedDevice : IDisposable
{
    private static readonly byte[] BkRegReboot = [0x95, 0x27, 0x95, 0x27];
    private static readonly Encoding Latin1 = Encoding.Latin1;

    private readonly SimOptions _options;
    private readonly IScenario _scenario;
    private readonly SimChipTraits _traits;
    private readonly PacedTransmitter _tx;
    private readonly FaultInjector? _rxFaults;
    private readonly Random _random;
    private readonly ScenarioState _scenarioState = new();
    private readonly FrameReceiver _frames = new();
    private readonly StringBuilder _console = new();
    private readonly Thread _thread;
    private readonly CancellationTokenSource _stop = new();
    private readonly object _channelGate = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private IDeviceChannel? _channel;
    private volatile bool _powered;
    private volatile bool _powerRequest;
    private IEnumerator<LogStep>? _script;
    private double _scriptResumeAt;
    private double _windowEndsAt;
    private double _resetAt = double.NaN;
    private ResetCause _pendingCause;
    private bool _drainBeforeReset;
    private double _lastRxAt;
    private int _bootNumber;
    private string _prompt = "";
    private volatile DeviceState _state = DeviceState.Off;

    public SimulatedDevice(IDeviceChannel channel, SimOptions options, SimFlash? flash = null)
    {
        _options = options;
        _scenario = ScenarioCatalog.Get(options.Scenario);
        _traits = SimChipTraits.For(options.Chip);
        _random = new Random(options.Seed);
        Flash = flash ?? new SimFlash(FlashImageBuilder.Build(options.Chip, options.Seed));
        if (Flash.Size != options.Chip.FlashSize)
            throw new Core.Errors.BkException(
                $"flash image is {Flash.Size} bytes but {options.Chip.Name} has {options.Chip.FlashSize}", "pass an image of the chip's flash size");
        _channel = channel;
        FaultInjector? txFaults = options.Faults.Tx.Any ? new FaultInjector(options.Faults.Tx, options.Seed * 7919 + 1) : null;
        _rxFaults = options.Faults.Rx.Any ? new FaultInjector(options.Faults.Rx, options.Seed * 104729 + 2) : null;
        _tx = new PacedTransmitter(() => _channel, 115200, options.Pacing, options.GarbleOnBaudMismatch, txFaults);
        TxFaults = txFaults;
        Bootloader = new BootloaderEmulator(options.Chip, _traits, Flash, _tx);
        _thread = new Thread(Run) { IsBackground = true, Name = "sim-device" };
    }

    public SimFlash Flash { get; }

    public BootloaderEmulator Bootloader { get; private set; }

    public DeviceState State => _state;

    public int BootCount => _bootNumber;

    public FaultInjector? TxFaults { get; }

    public FaultInjector? RxFaults => _rxFaults;

    public PacedTransmitter Transmitter => _tx;

    /// <summary>One-line notices about what the device did ("link check: rebooting into download mode").</summary>
    public event Action<string>? Notice;

    /// <summary>Powers the device on and starts its thread.</summary>
    public void Start()
    {
        _powerRequest = true;
        _thread.Start();
    }

    /// <summary>Power removed (unplug): the device stops; flash content stays.</summary>
    public void PowerOff()
    {
        _powerRequest = false;
        lock (_channelGate) _channel = null;
    }

    /// <summary>Power back on a (new) channel: a cold boot.</summary>
    public void PowerOn(IDeviceChannel channel)
    {
        lock (_channelGate) _channel = channel;
        _powerRequest = true;
    }

    private double Now => _clock.Elapsed.TotalMilliseconds;

    private void Say(string message) => Notice?.Invoke(message);

    private void Run()
    {
        var buffer = new byte[8192];
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                Step(buffer);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A device must never die from what the host does; report and keep going.
                Say($"internal error, recovering: {ex.GetType().Name}: {ex.Message}");
                _frames.Abandon();
                Thread.Sleep(10);
            }
        }
    }

    private void Step(byte[] buffer)
    {
        if (_powerRequest != _powered)
        {
            _powered = _powerRequest;
            if (_powered) PowerOnReset();
            else
            {
                _state = DeviceState.Off;
                _tx.Reset(115200);
            }
        }
        var channel = _channel;
        if (!_powered || channel == null)
        {
            Thread.Sleep(10);
            return;
        }

        int timeout = (int)Math.Ceiling(Math.Clamp(NextDeadline() - Now, 0, SimTimings.IdlePoll.TotalMilliseconds));
        var io = channel.Read(buffer, timeout, out int n);
        if (io == ChannelIo.Ok && n > 0)
        {
            var bytes = _rxFaults != null ? _rxFaults.Apply(buffer.AsSpan(0, n)) : buffer.AsSpan(0, n).ToArray();
            bytes = AtDeviceRate(bytes, channel);
            _lastRxAt = Now;
            foreach (var b in bytes) OnByte(b);
        }
        RunTimers();
    }

    /// <summary>
    /// The boot code's UART hears the host at its own rate: a host that did not follow a SetBaudRate (or sends at
    /// the wrong rate) delivers garbage. Only while the boot code listens — the running app's download trigger
    /// (LibreTiny ADR listens at 115200 whatever the log rate) and console stay lenient.
    /// </summary>
    private byte[] AtDeviceRate(byte[] bytes, IDeviceChannel channel)
    {
        if (!_options.GarbleOnBaudMismatch || _state is not (DeviceState.Download or DeviceState.BootWindow)) return bytes;
        if (channel.HostBaud is not int host) return bytes;
        int device = _state == DeviceState.Download ? Bootloader.Baud : 115200;
        return BaudMismatch.Compatible(host, device) ? bytes : BaudMismatch.Resample(bytes, host, device);
    }

    private double NextDeadline()
    {
        double next = Now + SimTimings.IdlePoll.TotalMilliseconds;
        if (!double.IsNaN(_resetAt)) next = Math.Min(next, _resetAt);
        if (_state == DeviceState.BootWindow) next = Math.Min(next, _windowEndsAt);
        if (_script != null && _state is DeviceState.Booting or DeviceState.App) next = Math.Min(next, _scriptResumeAt);
        return next;
    }

    private void RunTimers()
    {
        double now = Now;
        if (!double.IsNaN(_resetAt) && now >= _resetAt && _drainBeforeReset && _tx.Pending > 0)
            _resetAt = now + 1; // a self-reset happens after the last words left the UART
        else if (!double.IsNaN(_resetAt) && now >= _resetAt)
        {
            _resetAt = double.NaN;
            Reset(_pendingCause);
            return;
        }
        if (_frames.InFrame && now - _lastRxAt > SimTimings.PartialFrameTimeout.TotalMilliseconds)
        {
            var partial = _frames.Abandon();
            if (partial != null && _state == DeviceState.Download) Bootloader.Partial(partial);
        }
        if (_state == DeviceState.BootWindow && now >= _windowEndsAt)
        {
            _state = DeviceState.Booting;
            _scriptResumeAt = now;
        }
        if (_state is DeviceState.Booting or DeviceState.App) AdvanceScript();
    }

    private void PowerOnReset()
    {
        _bootNumber = 0;
        if (_options.StartInDownloadMode)
        {
            _tx.Reset(115200);
            Bootloader = new BootloaderEmulator(_options.Chip, _traits, Flash, _tx);
            _state = DeviceState.Download;
            _script = null;
            return;
        }
        Reset(ResetCause.PowerOn);
    }

    /// <summary>The chip restarts: FIFO lost, UART back at 115200, boot script from the top.</summary>
    private void Reset(ResetCause cause)
    {
        Flash.Flush();
        _tx.Reset(115200);
        _frames.Abandon();
        _console.Clear();
        _bootNumber++;
        Bootloader = new BootloaderEmulator(_options.Chip, _traits, Flash, _tx);
        var context = new BootContext(_options.Chip, _traits, _bootNumber, cause, _random, _options.LogBaud, _scenarioState);
        _script = _scenario.Boot(context).GetEnumerator();
        _scriptResumeAt = Now;
        _state = DeviceState.Booting;
        AdvanceScript(); // straight into the download window, before any byte is read
    }

    private void ScheduleReset(ResetCause cause, double delayMs, string why, bool drainFirst = false)
    {
        if (!double.IsNaN(_resetAt)) return;
        _drainBeforeReset = drainFirst;
        _pendingCause = cause;
        _resetAt = Now + delayMs;
        Say(why);
    }

    private void AdvanceScript()
    {
        int guard = 0;
        while (_script != null && _state is DeviceState.Booting or DeviceState.App && Now >= _scriptResumeAt && guard++ < 64)
        {
            if (_tx.Pending > Math.Max(SimTimings.TxHighWater, _tx.Baud / 10 * SimTimings.TxQueueMilliseconds / 1000))
            {
                _scriptResumeAt = Now + 1; // printf blocks while the UART FIFO is full
                return;
            }
            if (!_script.MoveNext())
            {
                _script = null;
                if (_state == DeviceState.Booting) _state = DeviceState.Halted;
                return;
            }
            switch (_script.Current)
            {
                case Emit e:
                    _tx.Send(Latin1.GetBytes(e.Text));
                    break;
                case Delay d:
                    _scriptResumeAt = Now + (_options.Pacing ? d.Duration.TotalMilliseconds : Math.Min(d.Duration.TotalMilliseconds, 20));
                    return;
                case DownloadWindow:
                    _state = DeviceState.BootWindow;
                    _windowEndsAt = Now + _options.BootWindow.TotalMilliseconds;
                    return;
                case LogRate r:
                    _tx.SwitchBaud(r.Baud);
                    break;
                case AppRunning a:
                    _prompt = a.Prompt;
                    _state = DeviceState.App;
                    break;
                case ChipReset c:
                    _state = DeviceState.InReset;
                    ScheduleReset(c.Cause, 0, $"chip reset ({c.Cause})", drainFirst: true);
                    return;
            }
        }
    }

    private void OnByte(byte b)
    {
        switch (_state)
        {
            case DeviceState.InReset or DeviceState.Off:
                return;
            case DeviceState.BootWindow:
            {
                var frame = _frames.Push(b);
                if (frame is { IsLong: false, Code: 0x00 })
                {
                    _script = null;
                    _resetAt = double.NaN; // a reset requested before this one is moot: we are linked
                    _state = DeviceState.Download;
                    Bootloader.LinkCheck();
                    Say("link check in the boot window: download mode");
                }
                return;
            }
            case DeviceState.Download:
            {
                var frame = _frames.Push(b);
                if (frame == null) return;
                Bootloader.Execute(frame);
                if (Bootloader.RebootRequested)
                {
                    Say("reboot command: leaving download mode");
                    _state = DeviceState.InReset;
                    ScheduleReset(ResetCause.Reboot, 5, "rebooting");
                }
                return;
            }
            default:
                AppByte(b);
                return;
        }
    }

    /// <summary>Bytes reaching the running firmware: its console, plus the auto-download-reboot triggers.</summary>
    private void AppByte(byte b)
    {
        var frame = _frames.Push(b);
        if (frame != null)
        {
            bool linkCheck = frame is { IsLong: false, Code: 0x00 };
            bool bkreg = frame is { IsLong: false, Code: 0xFE } && frame.Params.AsSpan().StartsWith(BkRegReboot);
            if (linkCheck || bkreg)
                ScheduleReset(ResetCause.CenPulse, AdrDelay(), linkCheck ? "link check while the app runs: rebooting into the download window" : "BKReg reboot frame: rebooting");
            return;
        }
        if (_frames.InFrame || _state != DeviceState.App) return;
        if (b is (byte)'\r' or (byte)'\n')
        {
            if (_console.Length == 0 && b == '\n') return;
            string line = _console.ToString().Trim();
            _console.Clear();
            _tx.Send(Latin1.GetBytes("\r\n"));
            RunConsoleCommand(line);
            return;
        }
        if (b is 0x08 or 0x7F)
        {
            if (_console.Length > 0)
            {
                _console.Length--;
                _tx.Send("\b \b"u8);
            }
            return;
        }
        if (b < 0x20 || b >= 0x7F || _console.Length > 256) return;
        _console.Append((char)b);
        _tx.Send([b]); // the shell echoes
    }

    private double AdrDelay() =>
        SimTimings.AdrRebootDelayMin.TotalMilliseconds +
        _random.NextDouble() * (SimTimings.AdrRebootDelayMax - SimTimings.AdrRebootDelayMin).TotalMilliseconds;

    private void RunConsoleCommand(string line)
    {
        if (line.Length == 0)
        {
            _tx.Send(Latin1.GetBytes(_prompt));
            return;
        }
        string cmd = line.Split(' ', 2)[0];
        string reply = cmd switch
        {
            "reboot" => "bk_reboot\r\nwdt reboot\r\n",
            "help" => "RT-Thread shell commands:\r\nreboot           - reboot the device\r\nversion          - show RT-Thread version information\r\nfree             - Show the memory usage in the system.\r\nps               - List threads in the system.\r\nhelp             - RT-Thread shell help.\r\n\r\n",
            "version" => " \\ | /\r\n- RT -     Thread Operating System\r\n / | \\     3.1.0 build Sep  8 2023\r\n 2006 - 2018 Copyright by rt-thread team\r\n",
            "free" => $"total memory: 212104\r\nused memory : {120000 + _random.Next(20000)}\r\nmaximum allocated memory: 151232\r\n",
            _ => $"{cmd}: command not found.\r\n",
        };
        _tx.Send(Latin1.GetBytes(reply));
        if (cmd == "reboot") ScheduleReset(ResetCause.Reboot, 50, "'reboot' typed on the console", drainFirst: true);
        else _tx.Send(Latin1.GetBytes(_prompt));
    }

    public void Dispose()
    {
        _stop.Cancel();
        if (_thread.IsAlive) _thread.Join(TimeSpan.FromSeconds(2));
        _tx.Dispose();
        try { Flash.Flush(); } catch (IOException ex) { Say($"could not save the flash image: {ex.Message}"); }
        _stop.Dispose();
    }
}
