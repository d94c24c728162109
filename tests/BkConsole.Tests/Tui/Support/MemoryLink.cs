using System.Threading.Channels;
using BkConsole.Core.Links;

namespace BkConsole.Tests.Tui.Support;

/// <summary>An in-memory port for session tests: bytes pushed by the test are read by the session; it can be "unplugged".</summary>
internal sealed class MemoryLink : ISerialLink
{
    private readonly Channel<byte[]> _rx = Channel.CreateUnbounded<byte[]>();
    private volatile bool _lost;

    public MemoryLink(string port, int baud)
    {
        PortName = port;
        BaudRate = baud;
    }

    public string PortName { get; }

    public int BaudRate { get; private set; }

    public List<byte[]> Written { get; } = [];

    public bool Disposed { get; private set; }

    /// <summary>Modem lines of a "real" adapter (recorded), or none like a pty.</summary>
    public RecordingModemLines? Lines { get; init; }

    public IModemLines? ModemLines => Lines;

    public string? ModemLinesUnavailableReason => Lines == null ? "a pty has no DTR/RTS lines" : null;

    public void Feed(byte[] data) => _rx.Writer.TryWrite(data);

    public void Feed(string text) => Feed(System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Like an unplug: reads fail with LinkLostException once what was queued has been read.</summary>
    public void Lose()
    {
        _lost = true;
        _rx.Writer.TryComplete();
    }

    public void SetBaudRate(int baud) => BaudRate = baud;

    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            var data = await _rx.Reader.ReadAsync(cancellationToken);
            data.CopyTo(buffer);
            return data.Length;
        }
        catch (ChannelClosedException) when (_lost)
        {
            throw new LinkLostException(PortName);
        }
    }

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        lock (Written) Written.Add(data.ToArray());
        return ValueTask.CompletedTask;
    }

    public void DiscardInput() { }

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        _rx.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }
}
