namespace BkConsole.Simulator.Bootloader;

/// <summary>
/// The loader's byte-by-byte receive state machine (beken-uart-protocol.md §3.5): wait for 01, then E0, then FC
/// (a 01 in between restarts, anything else drops back to idle), then LEN; LEN=FF announces a long frame whose next
/// byte is the F4 marker, then LEN16 little-endian, then the body. A frame is committed when its count reaches zero.
/// Bytes before 01 are garbage and vanish. Pure: no clocks, the caller reports idleness.
/// </summary>
public sealed class FrameReceiver
{
    private enum State { Idle, GotE0Wait, GotFcWait, Len, LongMarker, Len16Lo, Len16Hi, Body }

    private State _state = State.Idle;
    private bool _long;
    private byte _marker;
    private int _len;
    private byte[] _body = [];
    private int _have;

    /// <summary>True while a frame has started but is not complete.</summary>
    public bool InFrame => _state != State.Idle;

    /// <summary>Bytes discarded as garbage so far.</summary>
    public long GarbageBytes { get; private set; }

    /// <summary>Feeds one byte; returns the committed frame when this byte completed one.</summary>
    public ReceivedFrame? Push(byte b)
    {
        switch (_state)
        {
            case State.Idle:
                if (b == 0x01) _state = State.GotE0Wait;
                else GarbageBytes++;
                return null;
            case State.GotE0Wait:
                _state = b == 0xE0 ? State.GotFcWait : b == 0x01 ? State.GotE0Wait : State.Idle;
                if (_state == State.Idle) GarbageBytes += 2;
                return null;
            case State.GotFcWait:
                _state = b == 0xFC ? State.Len : b == 0x01 ? State.GotE0Wait : State.Idle;
                if (_state == State.Idle) GarbageBytes += 3;
                return null;
            case State.Len:
                if (b == 0xFF)
                {
                    _long = true;
                    _state = State.LongMarker;
                    return null;
                }
                _long = false;
                return StartBody(b);
            case State.LongMarker:
                _marker = b;
                _state = State.Len16Lo;
                return null;
            case State.Len16Lo:
                _len = b;
                _state = State.Len16Hi;
                return null;
            case State.Len16Hi:
                return StartBody(_len | (b << 8));
            default:
                _body[_have++] = b;
                return _have == _body.Length ? Commit() : null;
        }
    }

    private ReceivedFrame? StartBody(int length)
    {
        _len = length;
        _have = 0;
        _body = new byte[length];
        if (length == 0)
        {
            _state = State.Idle;
            return null; // nothing to execute: not even a command byte
        }
        _state = State.Body;
        return null;
    }

    private ReceivedFrame Commit()
    {
        _state = State.Idle;
        return new ReceivedFrame(_long, _body[0], _body[1..], _len, _long ? _marker : (byte)0);
    }

    /// <summary>The host went quiet mid-frame: forget it and say what it was, for the PACK_PAYLOAD_LACK reply.</summary>
    public PartialFrame? Abandon()
    {
        if (_state == State.Idle) return null;
        var partial = new PartialFrame(_long, _state == State.Body && _have > 0 ? _body[0] : null);
        _state = State.Idle;
        _have = 0;
        return partial;
    }
}
