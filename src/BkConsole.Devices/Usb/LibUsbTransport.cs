using System.Collections.Concurrent;
using System.Diagnostics;
using BkConsole.Core.Errors;
using BkConsole.Core.Usb;

namespace BkConsole.Devices.Usb;

/// <summary>
/// Bulk transfers to a real CH341A through libusb-1.0. OUT transfers are queued to one writer thread so the
/// caller can drain IN replies while the device is still accepting OUT packets (otherwise the device stalls
/// once its reply buffer is full); IN transfers run on the caller's thread. libusb's synchronous API is
/// thread-safe for concurrent transfers on different endpoints.
/// </summary>
public sealed class LibUsbTransport : IUsbBulkTransport
{
    private readonly LibUsbNative.Api _api;
    private readonly nint _context;
    private readonly nint _handle;
    private readonly bool _reattachKernelDriver;
    // Unbounded on purpose: a bounded queue could block the caller in Write while the writer thread waits for the
    // device, which waits for the caller to read IN replies — a deadlock. The SPI master bounds what it queues.
    private readonly BlockingCollection<byte[]> _outQueue = new();
    private readonly Thread _writer;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private volatile BkException? _writeError;
    private bool _disposed;

    private LibUsbTransport(LibUsbNative.Api api, nint context, nint handle, bool reattach, UsbDeviceInfo device)
    {
        _api = api;
        _context = context;
        _handle = handle;
        _reattachKernelDriver = reattach;
        Device = device;
        _writer = new Thread(WriterLoop) { IsBackground = true, Name = "ch341a-usb-out" };
        _writer.Start();
    }

    /// <summary>The device that was opened.</summary>
    public UsbDeviceInfo Device { get; }

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Open the first CH341A in SPI mode: detach the kernel driver, claim interface 0.</summary>
    public static LibUsbTransport OpenCh341a()
    {
        var api = LibUsbNative.Library ?? throw UsbAdvice.LibraryMissing();
        int rc = api.Init(out var ctx);
        if (rc != LibUsbNative.Success) throw UsbAdvice.ForError("initialise libusb", rc, api.ErrorName(rc));
        nint handle = 0;
        try
        {
            rc = api.ListDevices(ctx, out var devices, out var list);
            UsbDeviceInfo? found = null;
            try
            {
                if (rc != LibUsbNative.Success) throw UsbAdvice.ForError("list USB devices", rc, api.ErrorName(rc));
                var match = devices.FirstOrDefault(d => d.Vendor == UsbIds.WchVendor && d.Product == UsbIds.Ch341aSpiProduct);
                if (match.Device == 0)
                {
                    bool uart = devices.Any(d => d.Vendor == UsbIds.WchVendor && d.Product == UsbIds.Ch341aUartProduct);
                    throw UsbAdvice.NotFound(uart);
                }
                rc = api.Open(match.Device, out handle);
                if (rc != LibUsbNative.Success) throw UsbAdvice.ForError("open the CH341A", rc, api.ErrorName(rc));
                found = new UsbDeviceInfo(match.Vendor, match.Product, match.Release);
            }
            finally
            {
                api.FreeDeviceList(list);
            }

            rc = api.DetachKernelDriver(handle, UsbIds.Interface);
            bool reattach = rc == LibUsbNative.Success;
            if (rc is not (LibUsbNative.Success or LibUsbNative.ErrorNotFound or LibUsbNative.ErrorNotSupported))
                throw UsbAdvice.ForError("detach the kernel driver from the CH341A", rc, api.ErrorName(rc));
            rc = api.ClaimInterface(handle, UsbIds.Interface);
            if (rc != LibUsbNative.Success) throw UsbAdvice.ForError("claim interface 0 of the CH341A", rc, api.ErrorName(rc));
            return new LibUsbTransport(api, ctx, handle, reattach, found);
        }
        catch
        {
            if (handle != 0) api.Close(handle);
            api.Exit(ctx);
            throw;
        }
    }

    public void Write(byte endpoint, ReadOnlySpan<byte> data, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (endpoint != UsbIds.BulkOut) throw new ArgumentOutOfRangeException(nameof(endpoint), $"OUT endpoint is 0x{UsbIds.BulkOut:x2}");
        if (_writeError is { } err) throw err;
        _outQueue.Add(data.ToArray(), cancellationToken);
    }

    public int Read(byte endpoint, Span<byte> buffer, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (endpoint != UsbIds.BulkIn) throw new ArgumentOutOfRangeException(nameof(endpoint), $"IN endpoint is 0x{UsbIds.BulkIn:x2}");
        var deadline = _clock.Elapsed + timeout;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_writeError is { } err) throw err;
            // Short slices keep cancellation responsive; the overall deadline is still `timeout`.
            var slice = TimeSpan.FromMilliseconds(Math.Clamp((deadline - _clock.Elapsed).TotalMilliseconds, 1, 200));
            int rc = _api.BulkTransfer(_handle, endpoint, buffer, out int got, (uint)slice.TotalMilliseconds);
            if (rc == LibUsbNative.Success) return got;
            if (rc == LibUsbNative.ErrorTimeout)
            {
                if (got > 0) return got;
                if (_clock.Elapsed >= deadline)
                    throw new TimeoutException($"no data on USB endpoint 0x{endpoint:x2} within {timeout.TotalMilliseconds:0} ms");
                continue;
            }
            throw UsbAdvice.ForError($"read from endpoint 0x{endpoint:x2}", rc, _api.ErrorName(rc));
        }
    }

    public void Pause(TimeSpan duration, CancellationToken cancellationToken)
    {
        if (duration <= TimeSpan.Zero) return;
        if (cancellationToken.WaitHandle.WaitOne(duration)) cancellationToken.ThrowIfCancellationRequested();
    }

    private void WriterLoop()
    {
        foreach (var data in _outQueue.GetConsumingEnumerable())
        {
            if (_writeError is not null) continue;
            int rc = _api.BulkTransfer(_handle, UsbIds.BulkOut, data, out int sent, (uint)UsbIds.TransferTimeout.TotalMilliseconds);
            if (rc != LibUsbNative.Success || sent != data.Length)
                _writeError = UsbAdvice.ForError($"write {data.Length} bytes to endpoint 0x02 (sent {sent})",
                    rc == LibUsbNative.Success ? LibUsbNative.ErrorIo : rc, _api.ErrorName(rc));
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _outQueue.CompleteAdding();
        _writer.Join(UsbIds.TransferTimeout * 4);
        _api.ReleaseInterface(_handle, UsbIds.Interface);
        if (_reattachKernelDriver) _api.AttachKernelDriver(_handle, UsbIds.Interface);
        _api.Close(_handle);
        _api.Exit(_context);
        _outQueue.Dispose();
    }
}
