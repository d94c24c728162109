using BkConsole.Devices.Usb;

namespace BkConsole.Devices.Tests.Usb;

public sealed class UsbAdviceTests
{
    [Fact]
    public void Permission_denied_points_at_the_udev_rule_we_ship()
    {
        var ex = UsbAdvice.ForError("open the CH341A", -3, "LIBUSB_ERROR_ACCESS");
        Assert.StartsWith("Permission denied", ex.Message);
        Assert.Contains("udev/60-bkconsole.rules", ex.Advice);
        Assert.True(File.Exists(Path.Combine(BkConsole.TestKit.RepoPaths.Root, UsbIds.UdevRulePath)));
    }

    [Fact]
    public void A_missing_library_says_which_package_to_install()
    {
        var ex = UsbAdvice.LibraryMissing();
        Assert.Contains("libusb-1.0.so.0", ex.Message);
        Assert.Equal("Install the USB library: sudo apt-get install libusb-1.0-0", ex.Advice);
    }

    [Fact]
    public void A_programmer_in_UART_mode_is_told_to_move_its_jumper()
    {
        var ex = UsbAdvice.NotFound(uartModePresent: true);
        Assert.Contains("1a86:5523", ex.Message);
        Assert.Contains("jumper", ex.Advice);
    }

    [Fact]
    public void A_busy_interface_names_the_usual_culprits()
    {
        var ex = UsbAdvice.ForError("claim interface 0 of the CH341A", -6, "LIBUSB_ERROR_BUSY");
        Assert.Contains("fwupd", ex.Advice);
    }
}
