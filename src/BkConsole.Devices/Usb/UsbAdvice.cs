using BkConsole.Core.Errors;

namespace BkConsole.Devices.Usb;

/// <summary>Turns libusb outcomes into messages a user can act on.</summary>
public static class UsbAdvice
{
    public const string InstallLibUsb = "Install the USB library: sudo apt-get install libusb-1.0-0";

    public const string InstallUdevRule =
        "Allow your user to open it: sudo cp " + UsbIds.UdevRulePath + " /etc/udev/rules.d/ && " +
        "sudo udevadm control --reload-rules, then unplug and replug the CH341A (or run as root).";

    public static BkException LibraryMissing() =>
        new($"libusb-1.0 is not installed ({LibUsbNative.LibraryFileName} could not be loaded)", InstallLibUsb);

    public static BkException NotFound(bool uartModePresent) => uartModePresent
        ? new BkException("A CH341A is plugged in as 1a86:5523 (serial/UART mode), not 1a86:5512 (SPI mode)",
            "Move the programmer's jumper to I2C/SPI mode (pins 1-2 on the common black board) and replug it.")
        : new BkException("No CH341A programmer (USB 1a86:5512) found",
            "Plug it in and check `lsusb`; in a VM or container, pass the USB device through. " +
            "To try the tool without hardware use --programmer emulator.");

    /// <summary>The message and advice for a failed libusb call named <paramref name="what"/>.</summary>
    public static BkException ForError(string what, int code, string errorName) => code switch
    {
        LibUsbNative.ErrorAccess => new BkException($"Permission denied while trying to {what} (1a86:5512, {errorName})", InstallUdevRule),
        LibUsbNative.ErrorBusy => new BkException($"The CH341A is busy: could not {what} ({errorName})",
            "Another program holds it: close flashrom/NeoProgrammer/IMSProg, stop fwupd (sudo systemctl stop fwupd), " +
            "or unload a ch341 SPI/I2C kernel module (sudo rmmod spi_ch341_usb i2c_ch341_usb)."),
        LibUsbNative.ErrorNoDevice => new BkException($"The CH341A disappeared while trying to {what} ({errorName})",
            "It was unplugged or reset: check the cable, use short wires (<10 cm) and plug it in again."),
        LibUsbNative.ErrorTimeout => new BkException($"The CH341A did not answer while trying to {what} ({errorName})",
            "Use short wires, check pin 1 orientation and the 3.3 V supply; a USB-2 extension cable often helps."),
        LibUsbNative.ErrorPipe => new BkException($"The CH341A stalled an endpoint while trying to {what} ({errorName})",
            "Unplug and replug the programmer."),
        _ => new BkException($"USB error while trying to {what}: {errorName} ({code})", "Unplug and replug the programmer and try again."),
    };
}
