using BkConsole.Core.Chips;
using BkConsole.Simulator.Device;
using BkConsole.Simulator.Flash;
using BkConsole.Simulator.Uart;

namespace BkConsole.Simulator.Bootloader;

/// <summary>
/// The device side of the Beken UART download protocol once linked (beken-uart-protocol.md §4, §11): executes
/// committed frames against the emulated flash and answers with the exact reply bytes. Two families:
/// BASIC (flash bootloader: BK7252, BK7231T/U — protected 0x0–0x10FFF, exclusive CRC end, silent on unsupported
/// short commands, flash re-protected after each CheckCRC until the next LinkCheck) and FULL (BootROM: BK7231N,
/// BK7238 — registers, eFuse, SPI status registers, JEDEC, inclusive CRC end, erase-all).
/// Not thread-safe: the device loop calls it.
/// </summary>
public sealed class BootloaderEmulator
{
    public const uint ChipIdRegister = 0x800000;
    public const uint EfuseCtrlRegister = 0x800074;
    public const uint EfuseDataRegister = 0x800078;

    private readonly ChipProfile _chip;
    private readonly SimChipTraits _traits;
    private readonly SimFlash _flash;
    private readonly IUartOutput _out;
    private readonly Func<DateTime> _clock;
    private readonly Dictionary<uint, uint> _registers = new();

    // FULL: SPI status registers (SR1 low byte, SR2 high byte).
    private int _sr;
    private DateTime _busyUntil;

    // BASIC: protect-lock (re-protected by CheckCRC, unprotect armed by LinkCheck).
    private bool _basicProtected = true;
    private bool _basicArmed = true;

    public BootloaderEmulator(ChipProfile chip, SimChipTraits traits, SimFlash flash, IUartOutput output, Func<DateTime>? clock = null)
    {
        _chip = chip;
        _traits = traits;
        _flash = flash;
        _out = output;
        _clock = clock ?? (() => DateTime.UtcNow);
        _sr = traits.Sr1AtPowerOn | (traits.Sr2AtPowerOn << 8);
        Baud = 115200;
    }

    /// <summary>The loader's current UART rate.</summary>
    public int Baud { get; private set; }

    /// <summary>Set when the host asked for a reboot (Reboot 0xA5, Reset "SEAN"/BKReg).</summary>
    public bool RebootRequested { get; private set; }

    /// <summary>Commands executed (for the status line and tests).</summary>
    public long Commands { get; private set; }

    public int StatusRegister => _sr;

    /// <summary>A LinkCheck: reply <c>04 0E 05 01 E0 FC 01 00</c>; on BASIC loaders this arms the erase unprotect.</summary>
    public void LinkCheck()
    {
        _basicArmed = true;
        _out.Send(Replies.LinkCheckOk);
    }

    public void Execute(ReceivedFrame f)
    {
        Commands++;
        if (f.IsLong) ExecuteLong(f);
        else ExecuteShort(f);
    }

    /// <summary>The host stopped mid-frame: PACK_PAYLOAD_LACK in the frame's own shape.</summary>
    public void Partial(PartialFrame p)
    {
        if (p.IsLong) _out.Send(Replies.Long(p.Code ?? 0x00, BekenStatus.PackPayloadLack, []));
        else if (!_chip.IsBasic) _out.Send(Replies.Short(p.Code ?? 0x00, [(byte)BekenStatus.PackPayloadLack]));
    }

    private bool Supports(ReceivedFrame f) => f.IsLong ? _chip.LongCommands.Contains(f.Code) : _chip.ShortCommands.Contains(f.Code);

    private void ExecuteShort(ReceivedFrame f)
    {
        var p = f.Params;
        if (!Supports(f))
        {
            // FULL answers "CMD + UNKNOW_CMD"; the flash bootloaders say nothing at all.
            if (!_chip.IsBasic) _out.Send(Replies.Short(f.Code, [(byte)BekenStatus.UnknownCmd]));
            return;
        }
        switch (f.Code)
        {
            case 0x00:
                LinkCheck();
                return;
            case 0x01 when p.Length >= 8:
                WriteRegister(Replies.ReadLe32(p), Replies.ReadLe32(p.AsSpan(4)));
                _out.Send(Replies.Short(0x01, p.AsSpan(0, 8)));
                return;
            case 0x03 when p.Length >= 4:
            {
                uint a = Replies.ReadLe32(p);
                var payload = new byte[8];
                p.AsSpan(0, 4).CopyTo(payload);
                Replies.Le32(ReadRegister(a)).CopyTo(payload, 4);
                _out.Send(Replies.Short(0x03, payload));
                return;
            }
            case 0x0E when p.Length >= 1:
                if (p[0] == 0xA5) RebootRequested = true;
                else _out.Send(Replies.Short(0x0E, [p[0]]));
                return;
            case 0x0F when p.Length >= 5:
            {
                int baud = (int)Replies.ReadLe32(p);
                byte delay = p[4];
                if (baud is < 1200 or > 6_000_000)
                {
                    // A rate the UART cannot do: stay put and echo at the current rate, like an uncommitted switch.
                    _out.Send(Replies.Short(0x0F, [.. Replies.Le32((uint)Baud), 0]));
                    return;
                }
                Baud = baud;
                _out.SwitchBaud(baud);
                _out.Pause(TimeSpan.FromMilliseconds(delay), essential: true);
                _out.Send(Replies.Short(0x0F, p.AsSpan(0, 5)));
                return;
            }
            case 0x10 when p.Length >= 8:
                CheckCrc(Replies.ReadLe32(p), Replies.ReadLe32(p.AsSpan(4)));
                return;
            case 0x11:
                _out.Send(Replies.Short(0x11, System.Text.Encoding.ASCII.GetBytes(_chip.BootloaderVersion)));
                return;
            case 0x70 when p.Length >= 4:
                if (p.AsSpan(0, 4).SequenceEqual("SEAN"u8)) RebootRequested = true;
                else _out.Send(Replies.Short(0x70, p.AsSpan(0, 4)));
                return;
            case 0xAA when p.Length >= 1:
                _out.Send(Replies.Short(0xAA, [p[0]]));
                return;
            default:
                // A supported command with too few parameter bytes.
                if (!_chip.IsBasic) _out.Send(Replies.Short(f.Code, [(byte)BekenStatus.PackLenError]));
                return;
        }
    }

    private void CheckCrc(uint start, uint end)
    {
        long length = _chip.CrcEndInclusive ? (long)end - start + 1 : (long)end - start;
        if (length < 0) length = 0;
        uint crc = _flash.Crc(start, length, Core.Checksums.BekenCrc32.Initial);
        _out.Pause(TimeSpan.FromSeconds((double)length / SimTimings.CrcBytesPerSecond), essential: false);
        _out.Send(Replies.Short(0x10, Replies.Le32(crc)));
        if (_chip.IsBasic)
        {
            _basicProtected = true;
            _basicArmed = false;
        }
    }

    private void ExecuteLong(ReceivedFrame f)
    {
        var p = f.Params;
        if (f.LongMarker != 0xF4 || !Supports(f))
        {
            _out.Send(Replies.Long(f.Code, BekenStatus.UnknownCmd, []));
            return;
        }
        switch (f.Code)
        {
            case 0x06:
                FlashWrite(f);
                return;
            case 0x07:
                FlashWrite4K(f);
                return;
            case 0x08:
                FlashRead(p);
                return;
            case 0x09:
                FlashRead4K(p);
                return;
            case 0x0A:
            {
                byte arg = p.Length > 0 ? p[0] : (byte)0;
                if (!FullProtected()) _flash.EraseAll();
                _out.Pause(SimTimings.ChipEraseTime, essential: false);
                _out.Send(Replies.Long(0x0A, BekenStatus.Ok, [arg]));
                return;
            }
            case 0x0B:
            {
                if (p.Length < 4)
                {
                    _out.Send(Replies.Long(0x0B, BekenStatus.PackLenError, []));
                    return;
                }
                uint a = Replies.ReadLe32(p);
                if (!FullProtected()) _flash.Erase(a, SimFlash.SectorSize);
                _out.Pause(SimTimings.SectorEraseTime, essential: false);
                _out.Send(Replies.Long(0x0B, BekenStatus.Ok, p.AsSpan(0, 4)));
                return;
            }
            case 0x0C:
                ReadStatus(p);
                return;
            case 0x0D:
                WriteStatus(p);
                return;
            case 0x0E:
                SpiOperation(p);
                return;
            case 0x0F:
                SizedErase(f);
                return;
        }
    }

    private bool IsProtectedAddress(uint address) => _chip.IsBasic && address < _chip.ProtectedEnd;

    /// <summary>May the array be changed right now? BASIC: protect-lock; FULL: BP/CMP bits of the SPI flash.</summary>
    private bool MayModify()
    {
        if (_chip.IsBasic)
        {
            if (_basicProtected && _basicArmed) _basicProtected = false; // the loader unprotects internally
            return !_basicProtected;
        }
        return !FullProtected();
    }

    private bool FullProtected() => !_chip.IsBasic && (_sr & 0x407C) != 0;

    private void FlashWrite(ReceivedFrame f)
    {
        var p = f.Params;
        if (p.Length < 4)
        {
            _out.Send(Replies.Long(0x06, BekenStatus.PackLenError, []));
            return;
        }
        uint a = Replies.ReadLe32(p);
        var data = p.AsSpan(4);
        byte written = (byte)(f.Declared - 5);
        var echo = new byte[5];
        p.AsSpan(0, 4).CopyTo(echo);
        echo[4] = written;
        if (data.Length > SimFlash.PageSize)
        {
            _out.Send(Replies.Long(0x06, BekenStatus.PackLenError, echo));
            return;
        }
        if (IsProtectedAddress(a))
        {
            _out.Send(Replies.Long(0x06, BekenStatus.ParamError, echo));
            return;
        }
        if (MayModify()) _flash.Program(a, data);
        _out.Send(Replies.Long(0x06, BekenStatus.Ok, echo));
    }

    private void FlashWrite4K(ReceivedFrame f)
    {
        var p = f.Params;
        if (f.Declared != 0x1005 || p.Length < 4)
        {
            _out.Send(Replies.Long(0x07, BekenStatus.PackLenError, p.Length >= 4 ? p.AsSpan(0, 4) : []));
            return;
        }
        uint a = Replies.ReadLe32(p);
        if (IsProtectedAddress(a))
        {
            _out.Send(Replies.Long(0x07, BekenStatus.ParamError, p.AsSpan(0, 4)));
            return;
        }
        if (MayModify())
        {
            // Programmed in 256-byte pages, as the loader does while the rest is still arriving.
            for (int page = 0; page < 16; page++)
                _flash.Program(a + (uint)(page * SimFlash.PageSize), p.AsSpan(4 + page * SimFlash.PageSize, SimFlash.PageSize));
        }
        _out.Send(Replies.Long(0x07, BekenStatus.Ok, p.AsSpan(0, 4)));
    }

    private void FlashRead(byte[] p)
    {
        if (p.Length < 5)
        {
            _out.Send(Replies.Long(0x08, BekenStatus.PackLenError, []));
            return;
        }
        uint a = Replies.ReadLe32(p);
        int size = p[4];
        var payload = new byte[4 + size];
        p.AsSpan(0, 4).CopyTo(payload);
        _flash.Read(a, size).CopyTo(payload, 4);
        _out.Send(Replies.Long(0x08, BekenStatus.Ok, payload));
    }

    private void FlashRead4K(byte[] p)
    {
        if (p.Length < 4)
        {
            _out.Send(Replies.Long(0x09, BekenStatus.PackLenError, []));
            return;
        }
        uint a = Replies.ReadLe32(p);
        if (IsProtectedAddress(a))
        {
            // Observed on a BK7231S: status 6 and a single data byte (ltchiptool#34).
            _out.Send(Replies.Long(0x09, BekenStatus.ParamError, [.. p.AsSpan(0, 4), 0x00]));
            return;
        }
        var payload = new byte[4 + SimFlash.SectorSize];
        p.AsSpan(0, 4).CopyTo(payload);
        _flash.Read(a, SimFlash.SectorSize).CopyTo(payload, 4);
        _out.Send(Replies.Long(0x09, BekenStatus.Ok, payload));
    }

    private void SizedErase(ReceivedFrame f)
    {
        var p = f.Params;
        if (f.Declared != 6)
        {
            _out.Send(Replies.Long(0x0F, BekenStatus.PackLenError, p.Length >= 5 ? p.AsSpan(0, 5) : []));
            return;
        }
        byte opcode = p[0];
        uint a = Replies.ReadLe32(p.AsSpan(1));
        int block = opcode switch { 0x20 => 0x1000, 0x52 => 0x8000, 0xD8 => 0x10000, _ => 0 };
        if (block == 0 || IsProtectedAddress(a))
        {
            _out.Send(Replies.Long(0x0F, BekenStatus.ParamError, p.AsSpan(0, 5)));
            return;
        }
        if (MayModify()) _flash.Erase(a, block);
        _out.Pause(block == 0x1000 ? SimTimings.SectorEraseTime : SimTimings.BlockEraseTime, essential: false);
        _out.Send(Replies.Long(0x0F, BekenStatus.Ok, p.AsSpan(0, 5)));
    }

    private int CurrentStatus()
    {
        int sr = _sr;
        if (_clock() < _busyUntil) sr |= 0x01; // WIP
        return sr;
    }

    private void ReadStatus(byte[] p)
    {
        if (p.Length < 1)
        {
            _out.Send(Replies.Long(0x0C, BekenStatus.PackLenError, []));
            return;
        }
        int sr = CurrentStatus();
        byte value = p[0] switch
        {
            0x05 => (byte)sr,
            0x35 => (byte)(sr >> 8),
            0x15 => 0x00,
            _ => 0xFF,
        };
        _out.Send(Replies.Long(0x0C, BekenStatus.Ok, [p[0], value]));
    }

    private void WriteStatus(byte[] p)
    {
        if (p.Length < 2)
        {
            _out.Send(Replies.Long(0x0D, BekenStatus.PackLenError, p));
            return;
        }
        // WREN, opcode + values, WRDI. Opcode 0x01 with two bytes writes SR1 and SR2; 0x31 writes SR2 alone.
        switch (p[0])
        {
            case 0x01:
                _sr = p.Length >= 3 ? p[1] | (p[2] << 8) : (_sr & 0xFF00) | p[1];
                break;
            case 0x31:
                _sr = (_sr & 0x00FF) | (p[1] << 8);
                break;
        }
        _sr &= 0xFFFC; // WIP and WEL are read-only
        _busyUntil = _clock() + SimTimings.StatusWriteBusy;
        _out.Send(Replies.Long(0x0D, BekenStatus.Ok, p));
    }

    private void SpiOperation(byte[] p)
    {
        // The bytes clocked back while the host's bytes go out: the first is dummy (during the opcode).
        var back = new byte[p.Length];
        if (p.Length > 0 && p[0] == 0x9F)
        {
            for (int i = 1; i < p.Length && i - 1 < _traits.Jedec.Length; i++) back[i] = _traits.Jedec[i - 1];
        }
        else
        {
            back.AsSpan().Fill(0xFF);
        }
        _out.Send(Replies.Long(0x0E, BekenStatus.Ok, back));
    }

    private uint ReadRegister(uint address)
    {
        if (address == ChipIdRegister) return _chip.ChipIdRegisterValue ?? 0;
        if (address == EfuseCtrlRegister) return _registers.GetValueOrDefault(address) & ~1u; // the read finishes at once
        if (address == EfuseDataRegister)
        {
            uint ctrl = _registers.GetValueOrDefault(EfuseCtrlRegister);
            int index = (int)((ctrl >> 8) & 0x1F);
            return 0x100u | _traits.Efuse[index];
        }
        if (address < 0x4000) return RomWord(address & ~3u);
        return _registers.GetValueOrDefault(address);
    }

    private void WriteRegister(uint address, uint value)
    {
        if (address == ChipIdRegister) return; // read-only
        _registers[address] = value;
    }

    /// <summary>A stable stand-in for the BootROM contents (ReadReg over 0x0–0x3FFF dumps it).</summary>
    private uint RomWord(uint address)
    {
        uint x = (address * 0x9E3779B1u) ^ (_chip.ChipIdRegisterValue ?? 0x7252u) ^ 0xB7E15163u;
        x ^= x >> 15;
        x *= 0x2C1B3C6Du;
        x ^= x >> 12;
        return x;
    }
}
