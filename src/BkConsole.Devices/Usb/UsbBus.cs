namespace BkConsole.Devices.Usb;

/// <summary>Lists what libusb sees on the bus (used for diagnosis and the smoke test).</summary>
public static class UsbBus
{
    /// <summary>True when libusb-1.0 can be loaded on this machine.</summary>
    public static bool LibraryAvailable => LibUsbNative.Library is not null;

    /// <summary>Every device libusb enumerates; throws a BkException with advice when libusb is unusable.</summary>
    public static IReadOnlyList<UsbDeviceInfo> ListDevices()
    {
        var api = LibUsbNative.Library ?? throw UsbAdvice.LibraryMissing();
        int rc = api.Init(out var ctx);
        if (rc != LibUsbNative.Success) throw UsbAdvice.ForError("initialise libusb", rc, api.ErrorName(rc));
        try
        {
            rc = api.ListDevices(ctx, out var devices, out var list);
            try
            {
                if (rc != LibUsbNative.Success) throw UsbAdvice.ForError("list USB devices", rc, api.ErrorName(rc));
                return devices.Select(d => new UsbDeviceInfo(d.Vendor, d.Product, d.Release)).ToList();
            }
            finally
            {
                api.FreeDeviceList(list);
            }
        }
        finally
        {
            api.Exit(ctx);
        }
    }
}
