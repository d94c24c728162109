using BkConsole.Core.Usb;

namespace BkConsole.Devices.Tests.Spi;

/// <summary>
/// A fake at the USB seam: records every OUT transfer and answers each A8 packet with the next bytes of a
/// scripted MISO stream (wire order, i.e. already bit-reversed), 0xFF when the script runs out.
/// </summary>
internal sealed class ScriptedUsb : IUsbBulkTransport
{
    private readonly Queue<byte> _miso;
    private readonly Queue<byte[]> _in = new();

    public ScriptedUsb(params byte[] misoWire) => _miso = new Queue<byte>(misoWire);

    public List<byte[]> Out { get; } = [];

    public List<byte[]> In { get; } = [];

    public TimeSpan Elapsed { get; private set; }

    public bool Disposed { get; private set; }

    public void Write(byte endpoint, ReadOnlySpan<byte> data, CancellationToken cancellationToken)
    {
        Assert.Equal(0x02, endpoint);
        Out.Add(data.ToArray());
        for (int off = 0; off < data.Length; off += 32)
        {
            var packet = data.Slice(off, Math.Min(32, data.Length - off));
            if (packet[0] != 0xA8) continue;
            var reply = new byte[packet.Length - 1];
            for (int i = 0; i < reply.Length; i++) reply[i] = _miso.Count > 0 ? _miso.Dequeue() : (byte)0xFF;
            _in.Enqueue(reply);
        }
    }

    public int Read(byte endpoint, Span<byte> buffer, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Assert.Equal(0x82, endpoint);
        if (_in.Count == 0) throw new TimeoutException("nothing queued");
        var p = _in.Dequeue();
        In.Add(p);
        p.CopyTo(buffer);
        return p.Length;
    }

    public void Pause(TimeSpan duration, CancellationToken cancellationToken) => Elapsed += duration;

    public void Dispose() => Disposed = true;

    /// <summary>All OUT bytes as one stream.</summary>
    public byte[] AllOut() => Out.SelectMany(o => o).ToArray();

    public static string Hex(IEnumerable<byte> bytes) => string.Join(" ", bytes.Select(b => b.ToString("X2")));
}
