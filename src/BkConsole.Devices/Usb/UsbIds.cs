namespace BkConsole.Devices.Usb;

/// <summary>USB identities, endpoints and transfer deadlines of the CH341A (ch341a-spi.md §1.1), in one place.</summary>
public static class UsbIds
{
    public const ushort WchVendor = 0x1A86;

    /// <summary>CH341A in EPP/MEM/I2C mode: the mode that speaks SPI.</summary>
    public const ushort Ch341aSpiProduct = 0x5512;

    /// <summary>CH341A in serial mode: the board's jumper is set to UART.</summary>
    public const ushort Ch341aUartProduct = 0x5523;

    public const int Interface = 0;

    public const byte BulkOut = 0x02;

    public const byte BulkIn = 0x82;

    public const int MaxPacket = 32;

    /// <summary>Deadline of one bulk transfer (flashrom and ch341prog use 1 s).</summary>
    public static readonly TimeSpan TransferTimeout = TimeSpan.FromMilliseconds(1000);

    /// <summary>Where the shipped udev rule lives in the repository.</summary>
    public const string UdevRulePath = "udev/60-bkconsole.rules";
}
