namespace BkConsole.Core.Usb;

/// <summary>
/// The lowest seam of the USB path: bulk transfers on one claimed interface. The libusb driver implements it
/// for real hardware; the CH341A emulator implements it for tests and for users trying the tool without hardware.
/// <para><see cref="Write"/> queues an OUT transfer and may return before the device has consumed it, so the
/// caller can read IN replies while later OUT packets are still being sent (the device stalls OUT packets
/// whose replies nobody reads). Errors of a queued OUT transfer surface on the next call.</para>
/// </summary>
public interface IUsbBulkTransport : IDisposable
{
    /// <summary>Queue one bulk OUT transfer on <paramref name="endpoint"/> (e.g. 0x02).</summary>
    void Write(byte endpoint, ReadOnlySpan<byte> data, CancellationToken cancellationToken);

    /// <summary>One bulk IN transfer on <paramref name="endpoint"/> (e.g. 0x82); returns the byte count.</summary>
    /// <exception cref="TimeoutException">Nothing arrived within <paramref name="timeout"/>.</exception>
    int Read(byte endpoint, Span<byte> buffer, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>The host waits (a real sleep on hardware; an emulator advances its modelled clock).</summary>
    void Pause(TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Time since the transport was opened: wall clock on hardware, modelled time in an emulator.</summary>
    TimeSpan Elapsed { get; }
}
