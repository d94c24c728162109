namespace BkConsole.Devices.Usb;

/// <summary>One device seen on the USB bus: vendor, product and release (bcdDevice).</summary>
public sealed record UsbDeviceInfo(ushort Vendor, ushort Product, ushort Release)
{
    public override string ToString() => $"{Vendor:x4}:{Product:x4} rev {Release >> 8:x}.{Release & 0xFF:x2}";
}
