using BkConsole.Core.Links;

namespace BkConsole.Simulator.Uart;

/// <summary>
/// An in-process serial cable: <see cref="Host"/> is an <see cref="ISerialLink"/> for client code under test, and
/// <see cref="Device"/> is the channel a <see cref="Device.SimulatedDevice"/> runs on. The host's baud rate is visible
/// to the device, so a client that switches rate at the wrong moment sees garbage, as on a real wire.
/// </summary>
public sealed class InMemoryLink
{
    private const int DeviceToHostCapacity = 1 << 20;
    private const int HostToDeviceCapacity = 1 << 20;

    private readonly ByteQueue _toHost = new(DeviceToHostCapacity);
    private readonly ByteQueue _toDevice = new(HostToDeviceCapacity);

    public InMemoryLink(int hostBaud = 115200)
    {
        Host = new HostEnd(this, hostBaud);
        Device = new DeviceEnd(this);
    }

    public ISerialLink Host { get; }

    public IDeviceChannel Device { get; }

    private volatile int _hostBaud;
    private volatile bool _hostClosed;
    private volatile bool _deviceClosed;

    private sealed class HostEnd : ISerialLink
    {
        private readonly InMemoryLink _link;

        public HostEnd(InMemoryLink link, int baud)
        {
            _link = link;
            _link._hostBaud = baud;
        }

        public string PortName => "sim:in-memory";

        public int BaudRate => _link._hostBaud;

        public void SetBaudRate(int baud) => _link._hostBaud = baud;

        public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
        {
            if (_link._hostClosed) throw new ObjectDisposedException(PortName);
            int n = await _link._toHost.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (n == 0) throw new LinkLostException(PortName);
            return n;
        }

        public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
        {
            if (_link._hostClosed) throw new ObjectDisposedException(PortName);
            if (_link._deviceClosed) throw new LinkLostException(PortName);
            var rest = data;
            while (!rest.IsEmpty)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int n = _link._toDevice.Write(rest.Span);
                rest = rest[n..];
                if (!rest.IsEmpty && !_link._toDevice.WaitSpace(100) && _link._deviceClosed) throw new LinkLostException(PortName);
            }
            return ValueTask.CompletedTask;
        }

        public void DiscardInput() => _link._toHost.Clear();

        public IModemLines? ModemLines => null;

        public string? ModemLinesUnavailableReason => "in-memory link to the simulator has no modem lines (like a pty)";

        public ValueTask DisposeAsync()
        {
            _link._hostClosed = true;
            _link._toDevice.Complete();
            return ValueTask.CompletedTask;
        }
    }

    private sealed class DeviceEnd(InMemoryLink link) : IDeviceChannel
    {
        public string Name => "in-memory";

        public ChannelIo Read(Span<byte> buffer, int timeoutMs, out int count)
        {
            count = 0;
            if (link._deviceClosed) return ChannelIo.Closed;
            count = link._toDevice.Read(buffer, timeoutMs);
            if (count > 0) return ChannelIo.Ok;
            if (link._hostClosed)
            {
                Thread.Sleep(Math.Min(timeoutMs, 20));
                return ChannelIo.Hangup;
            }
            return ChannelIo.Timeout;
        }

        public ChannelIo Write(ReadOnlySpan<byte> data, out int written)
        {
            written = 0;
            if (link._deviceClosed) return ChannelIo.Closed;
            if (link._hostClosed) return ChannelIo.Hangup;
            written = link._toHost.Write(data);
            return ChannelIo.Ok;
        }

        public bool WaitWritable(int timeoutMs) => link._toHost.WaitSpace(timeoutMs);

        public int? HostBaud => link._hostBaud;

        public bool HostAttached => !link._hostClosed;

        public void Dispose()
        {
            link._deviceClosed = true;
            link._toHost.Complete();
        }
    }
}
