using BkConsole.Simulator.Pty;

namespace BkConsole.Simulator.Uart;

/// <summary>A pty master as the device's wire.</summary>
public sealed class PtyChannel(PseudoTerminal pty) : IDeviceChannel
{
    public PseudoTerminal Pty { get; } = pty;

    public string Name => Pty.SlavePath;

    public ChannelIo Read(Span<byte> buffer, int timeoutMs, out int count)
    {
        var io = Pty.Read(buffer, timeoutMs, out count);
        if (io == ChannelIo.Hangup) Thread.Sleep(Math.Min(timeoutMs, 20)); // POLLHUP returns at once: don't spin
        return io;
    }

    public ChannelIo Write(ReadOnlySpan<byte> data, out int written) => Pty.Write(data, out written);

    public bool WaitWritable(int timeoutMs) => Pty.WaitWritable(timeoutMs);

    public int? HostBaud => Pty.HostBaud;

    public bool HostAttached => Pty.HostAttached;

    public void Dispose() => Pty.Dispose();
}
