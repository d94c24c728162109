using BkConsole.Core.Errors;
using BkConsole.Core.Usb;
using BkConsole.Devices.Usb;
using static BkConsole.Devices.Spi.Ch341a.Ch341aProtocol;

namespace BkConsole.Devices.Spi.Ch341a;

/// <summary>
/// SPI master on a CH341A: the only layer that knows USB packets and bit order. Each frame becomes a
/// chip-select packet plus <c>A8</c> packets of ≤ 31 bit-reversed bytes; a whole batch of frames goes out as a
/// stream of OUT transfers (one per frame, split at <see cref="MaxOutTransferBytes"/>, since a short packet ends a
/// USB transfer), with <see cref="PipelineDepth"/> of them
/// in flight while the IN replies (one short packet per <c>A8</c> packet) are drained. D0..D5 live in a shadow
/// register: CS changes keep D2 (CEN) as it is, CEN changes release CS first.
/// </summary>
public sealed class Ch341aSpiMaster : ISpiMaster, ICenLine
{
    /// <summary>256 packets per OUT transfer (ch341prog's figure).</summary>
    public const int MaxOutTransferBytes = 256 * PacketSize;

    /// <summary>OUT transfers queued ahead of the IN replies being read (flashrom keeps 32 IN transfers in flight).</summary>
    public const int PipelineDepth = 32;

    private readonly IUsbBulkTransport _usb;
    private byte _pins = IdlePins;
    private bool _disposed;

    public Ch341aSpiMaster(IUsbBulkTransport usb, string name = "ch341a")
    {
        _usb = usb;
        Name = name;
        _usb.Write(UsbIds.BulkOut, StreamConfigPacket(), CancellationToken.None);
        _usb.Write(UsbIds.BulkOut, PinsPacket(_pins, OutputPins), CancellationToken.None);
    }

    public string Name { get; }

    public TimeSpan Elapsed => _usb.Elapsed;

    /// <summary>Current D0..D5 levels as last sent (bit 0 = CS0, bit 2 = CEN).</summary>
    public byte Pins => _pins;

    public void Pause(TimeSpan duration, CancellationToken cancellationToken) => _usb.Pause(duration, cancellationToken);

    public void SetCen(bool high, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        byte pins = (byte)((_pins | PinCs0) & ~PinCen);
        if (high) pins |= PinCen;
        _usb.Write(UsbIds.BulkOut, PinsPacket(pins, OutputPins), cancellationToken);
        _pins = pins;
    }

    public void Transfer(ReadOnlySpan<SpiFrame> frames, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (frames.IsEmpty) return;
        cancellationToken.ThrowIfCancellationRequested();

        // 1. Lay out the OUT stream: per frame a CS packet, then A8 packets.
        int clocked = 0, packets = 0;
        foreach (var f in frames)
        {
            if (f.WriteEcho.Length != 0 && f.WriteEcho.Length != f.Write.Length)
                throw new ArgumentException("WriteEcho must be as long as Write", nameof(frames));
            clocked += f.ClockedBytes;
            packets += 1 + (f.ClockedBytes + SpiBytesPerPacket - 1) / SpiBytesPerPacket;
        }
        var output = new byte[packets * PacketSize];
        var packetIn = new int[packets]; // IN bytes each packet produces
        var packetLength = new int[packets];
        int o = 0, p = 0;
        byte pins = _pins;
        foreach (var f in frames)
        {
            WriteCsPacket(output.AsSpan(o), pins);
            o += PacketSize;
            packetLength[p++] = PacketSize;
            var write = f.Write.Span;
            int total = f.ClockedBytes;
            for (int done = 0; done < total; p++)
            {
                int n = Math.Min(SpiBytesPerPacket, total - done);
                output[o++] = CmdSpiStream;
                for (int i = 0; i < n; i++, done++) output[o++] = done < write.Length ? Reverse(write[done]) : (byte)0xFF;
                packetIn[p] = n;
                packetLength[p] = n + 1;
            }
        }
        _pins = (byte)(pins & ~PinCs0); // CS stays asserted after the last frame (flashrom); the next frame releases it

        // 2. Cut the stream into OUT transfers and pipeline them against the IN replies. USB splits a transfer
        //    into 32-byte packets, so a short packet (a frame's last A8 packet) must end its transfer.
        var cuts = new List<(int Offset, int Length, int InBytes)>();
        int cutStart = 0, cutLength = 0, cutIn = 0;
        for (int k = 0; k < packets; k++)
        {
            cutLength += packetLength[k];
            cutIn += packetIn[k];
            if (packetLength[k] < PacketSize || cutLength + PacketSize > MaxOutTransferBytes || k == packets - 1)
            {
                cuts.Add((cutStart, cutLength, cutIn));
                cutStart += cutLength;
                cutLength = cutIn = 0;
            }
        }
        var cutEnd = new int[cuts.Count];
        for (int i = 0, sum = 0; i < cuts.Count; i++) cutEnd[i] = sum += cuts[i].InBytes;
        var raw = new byte[clocked];
        int received = 0, written = 0, completed = 0;
        Span<byte> packet = stackalloc byte[PacketSize];
        while (true)
        {
            while (completed < cuts.Count && cutEnd[completed] <= received) completed++;
            while (written < cuts.Count && written - completed < PipelineDepth)
            {
                var c = cuts[written++];
                _usb.Write(UsbIds.BulkOut, output.AsSpan(c.Offset, c.Length), cancellationToken);
            }
            if (received >= clocked) break;
            int got = _usb.Read(UsbIds.BulkIn, packet, UsbIds.TransferTimeout, cancellationToken);
            if (received + got > clocked)
                throw new BkException($"The CH341A sent {received + got - clocked} more SPI bytes than were clocked",
                    "Unplug and replug the programmer; another program may be using it.");
            packet[..got].CopyTo(raw.AsSpan(received));
            received += got;
        }

        // 3. Hand MISO back to the frames.
        int r = 0;
        foreach (var f in frames)
        {
            var echo = f.WriteEcho.Span;
            for (int i = 0; i < f.Write.Length; i++, r++) if (!echo.IsEmpty) echo[i] = Reverse(raw[r]);
            var read = f.Read.Span;
            for (int i = 0; i < read.Length; i++, r++) read[i] = Reverse(raw[r]);
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            // Release CS (commits a pending write command) and tri-state D0..D5; CEN floats to its pull-up.
            _usb.Write(UsbIds.BulkOut, PinsPacket((byte)(_pins | PinCs0), OutputPins), CancellationToken.None);
            _usb.Write(UsbIds.BulkOut, PinsPacket(IdlePins, 0), CancellationToken.None);
        }
        catch (BkException)
        {
            // The device may already be gone; closing must still release the USB handle.
        }
        finally
        {
            _usb.Dispose();
        }
    }
}
