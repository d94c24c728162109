using BkConsole.Core.Usb;

namespace BkConsole.Devices.Usb;

/// <summary>
/// Writes every bulk transfer that passes through, one per line: <c>OUT 02 &lt;hex bytes&gt;</c> and
/// <c>IN 82 &lt;hex bytes&gt;</c> (upper-case hex, space-separated), for <c>--usb-trace FILE</c>.
/// </summary>
public sealed class UsbTraceTransport : IUsbBulkTransport
{
    private readonly IUsbBulkTransport _inner;
    private readonly TextWriter _trace;
    private readonly bool _ownsWriter;

    public UsbTraceTransport(IUsbBulkTransport inner, TextWriter trace, bool ownsWriter = true)
    {
        _inner = inner;
        _trace = trace;
        _ownsWriter = ownsWriter;
    }

    public static UsbTraceTransport ToFile(IUsbBulkTransport inner, string path) =>
        new(inner, new StreamWriter(path, append: false) { AutoFlush = false });

    public TimeSpan Elapsed => _inner.Elapsed;

    public void Write(byte endpoint, ReadOnlySpan<byte> data, CancellationToken cancellationToken)
    {
        Line("OUT", endpoint, data);
        _inner.Write(endpoint, data, cancellationToken);
    }

    public int Read(byte endpoint, Span<byte> buffer, TimeSpan timeout, CancellationToken cancellationToken)
    {
        int n = _inner.Read(endpoint, buffer, timeout, cancellationToken);
        Line("IN", endpoint, buffer[..n]);
        return n;
    }

    public void Pause(TimeSpan duration, CancellationToken cancellationToken) => _inner.Pause(duration, cancellationToken);

    private void Line(string direction, byte endpoint, ReadOnlySpan<byte> data)
    {
        _trace.Write(direction);
        _trace.Write(' ');
        _trace.Write(endpoint.ToString("X2"));
        Span<char> hex = stackalloc char[3];
        foreach (var b in data)
        {
            hex[0] = ' ';
            b.TryFormat(hex[1..], out _, "X2");
            _trace.Write(hex);
        }
        _trace.Write('\n');
    }

    public void Dispose()
    {
        try
        {
            _inner.Dispose();
        }
        finally
        {
            _trace.Flush();
            if (_ownsWriter) _trace.Dispose();
        }
    }
}
