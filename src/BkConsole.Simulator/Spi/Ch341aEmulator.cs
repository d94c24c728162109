using BkConsole.Core.Usb;

namespace BkConsole.Simulator.Spi;

/// <summary>
/// A CH341A at the USB bulk-transfer seam, like flashrom's dummy programmer: OUT transfers are split into
/// 32-byte packets and executed (<c>A8</c> SPI stream with LSB-first bytes, <c>AB</c> UIO pin/direction/delay/
/// input sub-commands applied in order so CS and CEN edges reach the target, <c>AA</c> stream config); every
/// <c>A8</c> packet queues one IN packet. Undriven pins read high. Time is modelled (<see cref="Ch341aTiming"/>)
/// and deterministic: <see cref="Elapsed"/> is what a real CH341A would have taken.
/// </summary>
public sealed class Ch341aEmulator : IUsbBulkTransport
{
    private const byte OutEndpoint = 0x02;
    private const byte InEndpoint = 0x82;
    private const int PacketSize = 32;

    private readonly ISpiTarget _target;
    private readonly Ch341aTiming _timing;
    private readonly Queue<(double ReadyUs, byte[] Data)> _in = new();
    private readonly object _gate = new();
    private double _hostUs;
    private double _deviceUs;
    private byte _out = 0x3F;
    private byte _dir;
    private bool _disposed;

    public Ch341aEmulator(ISpiTarget target, Ch341aTiming? timing = null)
    {
        _target = target;
        _timing = timing ?? Ch341aTiming.Default;
    }

    public ISpiTarget Target => _target;

    public TimeSpan Elapsed
    {
        get { lock (_gate) return TimeSpan.FromMicroseconds(_hostUs); }
    }

    /// <summary>Stream mode last set with <c>AA 60|m</c> (-1 before any).</summary>
    public int StreamMode { get; private set; } = -1;

    public long OutTransfers { get; private set; }
    public long OutPackets { get; private set; }
    public long SpiBytes { get; private set; }

    /// <summary>Levels on D0..D5 as the target sees them (undriven pins pulled up).</summary>
    public byte PinLevels => Effective(_out, _dir);

    public void Write(byte endpoint, ReadOnlySpan<byte> data, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (endpoint != OutEndpoint) throw new ArgumentOutOfRangeException(nameof(endpoint), "the CH341A's bulk OUT endpoint is 0x02");
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            bool pipeBusy = _in.Count > 0 || _deviceUs > _hostUs;
            double t = pipeBusy ? Math.Max(_deviceUs, _hostUs) : NextFrame(_hostUs);
            OutTransfers++;
            for (int off = 0; off < data.Length; off += PacketSize)
            {
                var packet = data.Slice(off, Math.Min(PacketSize, data.Length - off));
                double start = t;
                t = Execute(packet, t);
                t = Math.Max(t, start + _timing.PacketBusMicroseconds);
                OutPackets++;
            }
            _deviceUs = t;
        }
    }

    public int Read(byte endpoint, Span<byte> buffer, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (endpoint != InEndpoint) throw new ArgumentOutOfRangeException(nameof(endpoint), "the CH341A's bulk IN endpoint is 0x82");
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_in.Count == 0)
            {
                _hostUs += timeout.TotalMicroseconds;
                throw new TimeoutException($"no data on USB endpoint 0x82 within {timeout.TotalMilliseconds:0} ms (emulated CH341A)");
            }
            var (ready, bytes) = _in.Dequeue();
            if (bytes.Length > buffer.Length)
                throw new IOException($"LIBUSB_ERROR_OVERFLOW: the device sent {bytes.Length} bytes into a {buffer.Length}-byte IN transfer");
            bytes.CopyTo(buffer);
            _hostUs = Math.Max(_hostUs, NextFrame(ready));
            return bytes.Length;
        }
    }

    public void Pause(TimeSpan duration, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (duration <= TimeSpan.Zero) return;
        lock (_gate) _hostUs += duration.TotalMicroseconds;
    }

    private double NextFrame(double us) => Math.Ceiling(us / _timing.FrameMicroseconds - 1e-9) * _timing.FrameMicroseconds;

    private double Execute(ReadOnlySpan<byte> packet, double t)
    {
        if (packet.IsEmpty) return t;
        switch (packet[0])
        {
            case 0xA8:
            {
                var reply = new byte[packet.Length - 1];
                bool selected = (Effective(_out, _dir) & 0x01) == 0;
                for (int i = 1; i < packet.Length; i++)
                {
                    byte mosi = Reverse(packet[i]);
                    byte miso = selected ? _target.Exchange(mosi, At(t)) : (byte)0xFF;
                    t += _timing.ByteMicroseconds;
                    reply[i - 1] = Reverse(miso);
                }
                SpiBytes += reply.Length;
                if (reply.Length > 0) _in.Enqueue((t, reply));
                return t;
            }
            case 0xAB:
            {
                List<byte>? inputs = null;
                for (int i = 1; i < packet.Length && packet[i] != 0x20; i++)
                {
                    byte c = packet[i];
                    t += _timing.UioInstructionMicroseconds;
                    switch (c & 0xC0)
                    {
                        case 0x80: SetPins((byte)(c & 0x3F), _dir, t); break;
                        case 0x40: SetPins(_out, (byte)(c & 0x3F), t); break;
                        case 0xC0: t += c & 0x3F; break;
                        default:
                            if (c == 0x00) (inputs ??= []).Add((byte)(0xC0 | Effective(_out, _dir)));
                            break;
                    }
                }
                if (inputs is not null) _in.Enqueue((t, inputs.ToArray()));
                return t;
            }
            case 0xAA:
                for (int i = 1; i < packet.Length && packet[i] != 0x00; i++)
                {
                    if ((packet[i] & 0xF0) == 0x60) StreamMode = packet[i] & 0x0F;
                    t += _timing.UioInstructionMicroseconds;
                }
                return t;
            default:
                return t; // unknown command byte: the rest of the packet is ignored
        }
    }

    private void SetPins(byte levels, byte directions, double t)
    {
        byte before = Effective(_out, _dir);
        _out = levels;
        _dir = directions;
        byte after = Effective(_out, _dir);
        var now = At(t);
        // CEN first on a release so the chip is running before a CS edge; either order is one instruction apart.
        if (((before ^ after) & 0x04) != 0) _target.SetCen((after & 0x04) != 0, now);
        if (((before ^ after) & 0x01) != 0) _target.ChipSelect((after & 0x01) == 0, now);
    }

    private static byte Effective(byte levels, byte directions) => (byte)((levels & directions | ~directions) & 0x3F);

    private static readonly byte[] ReverseTable = Enumerable.Range(0, 256).Select(i =>
    {
        int r = 0;
        for (int bit = 0; bit < 8; bit++) if ((i & (1 << bit)) != 0) r |= 0x80 >> bit;
        return (byte)r;
    }).ToArray();

    private static byte Reverse(byte b) => ReverseTable[b];

    private static TimeSpan At(double us) => new((long)(us * TimeSpan.TicksPerMicrosecond));

    public void Dispose() => _disposed = true;
}
