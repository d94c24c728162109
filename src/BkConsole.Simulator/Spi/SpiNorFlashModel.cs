namespace BkConsole.Simulator.Spi;

/// <summary>
/// An SPI NOR chip (XT25F32B by default) like flashrom's dummy flasher: NOR semantics (erase → 0xFF, program
/// ANDs), 256-byte pages that wrap, SR1/SR2 with WEL/WIP and self-timed operations, BP/TB/SEC/CMP protection
/// that silently ignores protected writes, write-type commands committed on the CS rising edge, and only
/// status reads answered while busy.
/// </summary>
public sealed class SpiNorFlashModel : ISpiTarget
{
    private const ushort WritableStatusBits = 0x43FC; // BP0-4, SRP0/1, QE, CMP
    private const ushort OtpStatusBits = 0x3C00;      // one-way lock bits

    private readonly byte[] _array;
    private readonly byte[] _header = new byte[4];
    private readonly byte[] _latch;
    private readonly bool[] _latched;
    private ushort _status;
    private bool _wel;
    private TimeSpan _busyUntil;
    private int _index;
    private byte _opcode;
    private bool _ignored;
    private bool _selected;
    private int _dataCount;

    public SpiNorFlashModel(SpiNorProfile profile, byte[]? image = null, ushort status = 0)
    {
        Profile = profile;
        if (image is not null && image.Length != profile.Size)
            throw new ArgumentException($"image is {image.Length} bytes, the {profile.Name} holds {profile.Size}", nameof(image));
        _array = image ?? Enumerable.Repeat((byte)0xFF, profile.Size).ToArray();
        _latch = new byte[profile.PageSize];
        _latched = new bool[profile.PageSize];
        _status = status;
    }

    public SpiNorProfile Profile { get; }

    /// <summary>The array as it is now (live view).</summary>
    public byte[] Contents => _array;

    /// <summary>Non-volatile SR2:SR1 bits (without WIP/WEL).</summary>
    public ushort Status
    {
        get => _status;
        set => _status = (ushort)(value & ~0x8003);
    }

    /// <summary>True once an erase or program changed the array.</summary>
    public bool Modified { get; private set; }

    /// <summary>Commands the chip ignored because of protection (what a real chip does silently).</summary>
    public int RejectedWrites { get; private set; }

    public bool IsBusy(TimeSpan now) => now < _busyUntil;

    public void SetCen(bool high, TimeSpan now)
    {
    }

    public void ChipSelect(bool asserted, TimeSpan now)
    {
        if (asserted)
        {
            _selected = true;
            _index = 0;
            _dataCount = 0;
            return;
        }
        if (_selected && _index > 0 && !_ignored) Commit(now);
        _selected = false;
        _index = 0;
    }

    public byte Exchange(byte mosi, TimeSpan now)
    {
        int idx = _index++;
        if (idx == 0)
        {
            _opcode = mosi;
            _ignored = IsBusy(now) && mosi is not (0x05 or 0x35 or 0x15);
            _header[0] = mosi;
            Array.Fill(_latched, false);
            return 0xFF;
        }
        if (_ignored) return 0xFF;
        if (idx < 4) _header[idx] = mosi;
        switch (_opcode)
        {
            case 0x9F: return idx <= 3 ? Profile.JedecId[idx - 1] : (byte)0xFF;
            case 0x90: return idx >= 4 ? ((idx - 4) % 2 == 0 ? Profile.JedecId[0] : Profile.DeviceId) : (byte)0xFF;
            case 0xAB: return idx >= 4 ? Profile.DeviceId : (byte)0xFF;
            case 0x05: return (byte)StatusAt(now);
            case 0x35: return (byte)(StatusAt(now) >> 8);
            case 0x15: return 0x00;
            case 0x03: return idx >= 4 ? _array[(Address + idx - 4) % _array.Length] : (byte)0xFF;
            case 0x0B: return idx >= 5 ? _array[(Address + idx - 5) % _array.Length] : (byte)0xFF;
            case 0x02:
                if (idx >= 4)
                {
                    int slot = (Address + idx - 4) % Profile.PageSize;
                    _latch[slot] = mosi;
                    _latched[slot] = true;
                }
                _dataCount = Math.Max(_dataCount, idx - 3);
                return 0xFF;
            case 0x01 or 0x31:
                if (idx <= 2) _header[idx] = mosi;
                _dataCount = idx;
                return 0xFF;
            default:
                return 0xFF; // MISO not driven: pull-up
        }
    }

    private int Address => (_header[1] << 16 | _header[2] << 8 | _header[3]) % _array.Length;

    private ushort StatusAt(TimeSpan now)
    {
        bool busy = IsBusy(now);
        return (ushort)(_status | (busy ? 1 : 0) | (_wel || busy ? 2 : 0));
    }

    private void Commit(TimeSpan now)
    {
        switch (_opcode)
        {
            case 0x06:
                _wel = true;
                return;
            case 0x04:
                _wel = false;
                return;
            case 0x01 when _wel && _dataCount >= 1:
            {
                ushort requested = _dataCount == 1 ? (ushort)((_status & 0xFF00) | _header[1]) : (ushort)(_header[1] | _header[2] << 8);
                SetStatus(requested, now);
                return;
            }
            case 0x31 when _wel && _dataCount >= 1 && Profile.HasWriteStatus2:
                SetStatus((ushort)((_status & 0x00FF) | _header[1] << 8), now);
                return;
            case 0x02 when _wel && _index >= 5:
            {
                int page = Address / Profile.PageSize * Profile.PageSize;
                if (ProtectionModel.Overlaps(_status, _array.Length, page, Profile.PageSize)) { Reject(); return; }
                for (int i = 0; i < Profile.PageSize; i++) if (_latched[i]) _array[page + i] &= _latch[i];
                Busy(now, Profile.PageProgramTime);
                return;
            }
            case 0x20 when _wel && _index >= 4: Erase(4096, Profile.SectorEraseTime, now); return;
            case 0x52 when _wel && _index >= 4: Erase(32768, Profile.Block32EraseTime, now); return;
            case 0xD8 when _wel && _index >= 4: Erase(65536, Profile.Block64EraseTime, now); return;
            case 0x60 or 0xC7 when _wel:
                if (ProtectionModel.Range(_status, _array.Length).Length > 0) { Reject(); return; }
                Array.Fill(_array, (byte)0xFF);
                Busy(now, Profile.ChipEraseTime);
                return;
            case 0x01 or 0x31 or 0x02 or 0x20 or 0x52 or 0xD8 or 0x60 or 0xC7:
                return; // no WEL or incomplete: ignored
        }
    }

    private void SetStatus(ushort requested, TimeSpan now)
    {
        ushort otp = (ushort)((_status | requested) & OtpStatusBits);
        _status = (ushort)((_status & ~WritableStatusBits & ~OtpStatusBits) | (requested & WritableStatusBits) | otp);
        _wel = false;
        _busyUntil = now + Profile.WriteStatusTime;
    }

    private void Erase(int size, TimeSpan duration, TimeSpan now)
    {
        int start = Address / size * size;
        if (ProtectionModel.Overlaps(_status, _array.Length, start, size)) { Reject(); return; }
        Array.Fill(_array, (byte)0xFF, start, size);
        Busy(now, duration);
    }

    private void Busy(TimeSpan now, TimeSpan duration)
    {
        Modified = true;
        _wel = false;
        _busyUntil = now + duration;
    }

    private void Reject()
    {
        RejectedWrites++;
        _wel = false;
    }
}
