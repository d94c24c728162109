using BkConsole.Devices.Usb;

namespace BkConsole.Devices.Tests.Usb;

public sealed class LibUsbSmokeTests
{
    [Fact]
    public void Libusb_loads_initialises_and_lists_the_bus()
    {
        if (!UsbBus.LibraryAvailable)
        {
            // Only acceptable where libusb-1.0-0 truly is not installed (CI installs it).
            Assert.False(File.Exists("/usr/lib/x86_64-linux-gnu/libusb-1.0.so.0"),
                "libusb-1.0.so.0 exists but could not be loaded");
            return;
        }
        var devices = UsbBus.ListDevices();
        Assert.NotNull(devices);
        Assert.All(devices, d => Assert.Matches("^[0-9a-f]{4}:[0-9a-f]{4} rev ", d.ToString()));
    }

    [Fact]
    public void Opening_a_CH341A_that_is_not_there_says_so_with_advice()
    {
        if (!UsbBus.LibraryAvailable) return;
        if (UsbBus.ListDevices().Any(d => d.Vendor == UsbIds.WchVendor)) return; // a real programmer is attached
        var ex = Assert.Throws<BkConsole.Core.Errors.BkException>(() => LibUsbTransport.OpenCh341a());
        Assert.Equal("No CH341A programmer (USB 1a86:5512) found", ex.Message);
        Assert.Contains("--programmer emulator", ex.Advice);
    }
}
