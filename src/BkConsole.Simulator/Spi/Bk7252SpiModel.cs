namespace BkConsole.Simulator.Spi;

/// <summary>
/// A BK7252 as seen from its JTAG/SPI pins: held in reset while CEN is low (MISO floats high); after CEN rises
/// the boot ROM listens for a run of 0xD2 for a while (answering a frame that starts with, or follows, 0xD2 with
/// one 0xD2 and then zeros); a long enough run succeeds with a seeded probability and, after a short switch delay, the pins go
/// straight to the internal flash until the next CEN pulse. Missing the window boots the firmware, which
/// answers zeros and (optionally) sets the SDK's 0x4004 protection.
/// </summary>
public sealed class Bk7252SpiModel : ISpiTarget
{
    private readonly Random _random;
    private TimeSpan _stateSince;
    private int _d2Run;
    private bool _drawn;
    private bool _firstByteOfFrame;
    private byte _lastMosi;

    public Bk7252SpiModel(SpiNorFlashModel flash, Bk7252SpiOptions? options = null)
    {
        Flash = flash;
        Options = options ?? new Bk7252SpiOptions();
        _random = new Random(Options.Seed);
        State = Bk7252SpiState.Firmware;
    }

    public SpiNorFlashModel Flash { get; }

    public Bk7252SpiOptions Options { get; }

    public Bk7252SpiState State { get; private set; }

    /// <summary>CEN pulses seen (reset count).</summary>
    public int Resets { get; private set; }

    /// <summary>Boot windows in which a long enough 0xD2 run arrived (each gets one draw).</summary>
    public int Draws { get; private set; }

    public void SetCen(bool high, TimeSpan now)
    {
        Advance(now);
        if (!high)
        {
            if (State == Bk7252SpiState.Passthrough) Flash.ChipSelect(false, now);
            State = Bk7252SpiState.Reset;
            _stateSince = now;
            return;
        }
        if (State != Bk7252SpiState.Reset) return;
        Resets++;
        State = Bk7252SpiState.BootWindow;
        _stateSince = now;
        _d2Run = 0;
        _drawn = false;
        _lastMosi = 0;
    }

    public void ChipSelect(bool asserted, TimeSpan now)
    {
        Advance(now);
        if (State == Bk7252SpiState.Passthrough) Flash.ChipSelect(asserted, now);
        else if (asserted) _firstByteOfFrame = true;
    }

    public byte Exchange(byte mosi, TimeSpan now)
    {
        Advance(now);
        switch (State)
        {
            case Bk7252SpiState.Passthrough:
                return Flash.Exchange(mosi, now);
            case Bk7252SpiState.Reset:
                return 0xFF;
            case Bk7252SpiState.BootWindow:
            {
                // The listening ROM's shift register echoes a 0xD2 once at the start of a frame (observed "d2 00 00 …").
                byte miso = _firstByteOfFrame && (_lastMosi == 0xD2 || mosi == 0xD2) ? (byte)0xD2 : (byte)0x00;
                _firstByteOfFrame = false;
                _lastMosi = mosi;
                if (mosi != 0xD2)
                {
                    _d2Run = 0;
                    return miso;
                }
                if (++_d2Run >= Options.RequiredD2 && !_drawn)
                {
                    _drawn = true;
                    Draws++;
                    if (_random.NextDouble() < Options.SuccessProbability)
                    {
                        State = Bk7252SpiState.Handshake;
                        _stateSince = now;
                    }
                }
                return miso;
            }
            default:
                return 0x00;
        }
    }

    private void Advance(TimeSpan now)
    {
        if (State == Bk7252SpiState.BootWindow && now - _stateSince > Options.BootWindow)
        {
            State = Bk7252SpiState.Firmware;
            _stateSince = now;
            if (Options.FirmwareProtects) Flash.Status = 0x4004;
        }
        else if (State == Bk7252SpiState.Handshake && now - _stateSince >= Options.SwitchDelay)
        {
            State = Bk7252SpiState.Passthrough;
            _stateSince = now;
        }
    }
}
