namespace BkConsole.Devices.Spi.Ch341a;

/// <summary>
/// CH341A command bytes, UIO pin bits and the bit reversal of its LSB-first SPI stream (ch341a-spi.md §1.3–1.6).
/// </summary>
public static class Ch341aProtocol
{
    public const byte CmdSpiStream = 0xA8;
    public const byte CmdI2cStream = 0xAA;
    public const byte CmdUioStream = 0xAB;

    public const byte I2cSet = 0x60;
    public const byte I2cEnd = 0x00;

    /// <summary>Stream mode 1 = "100 kHz" (what flashrom sends; SCK stays at the hardware's ~1.5 MHz).</summary>
    public const byte StreamMode = 0x01;

    public const byte UioIn = 0x00;
    public const byte UioDir = 0x40;
    public const byte UioOut = 0x80;
    public const byte UioDelayUs = 0xC0;
    public const byte UioEnd = 0x20;

    /// <summary>D0 = CS0 (active low).</summary>
    public const byte PinCs0 = 0x01;

    /// <summary>D2 = "CS2", wired to the Beken CEN.</summary>
    public const byte PinCen = 0x04;

    /// <summary>D0..D5 levels at rest: CS0..CS2 high (CEN released), SCK low, DOUT/DOUT2 high.</summary>
    public const byte IdlePins = 0x37;

    /// <summary>D0..D5 as outputs (D6, D7 are inputs; D7 = MISO).</summary>
    public const byte OutputPins = 0x3F;

    public const int PacketSize = 32;

    /// <summary>Data bytes per <see cref="CmdSpiStream"/> packet.</summary>
    public const int SpiBytesPerPacket = PacketSize - 1;

    private static readonly byte[] ReverseTable = BuildReverse();

    /// <summary>The byte with its bit order reversed (0x9F → 0xF9, 0xD2 → 0x4B).</summary>
    public static byte Reverse(byte b) => ReverseTable[b];

    private static byte[] BuildReverse()
    {
        var t = new byte[256];
        for (int i = 0; i < 256; i++)
        {
            int r = 0;
            for (int bit = 0; bit < 8; bit++) if ((i & (1 << bit)) != 0) r |= 0x80 >> bit;
            t[i] = (byte)r;
        }
        return t;
    }

    /// <summary><c>AA 60|mode 00</c>: set the stream mode.</summary>
    public static byte[] StreamConfigPacket() => [CmdI2cStream, (byte)(I2cSet | StreamMode), I2cEnd];

    /// <summary><c>AB 80|out 40|dir 20</c>: set D0..D5 levels and directions.</summary>
    public static byte[] PinsPacket(byte levels, byte directions) =>
        [CmdUioStream, (byte)(UioOut | (levels & 0x3F)), (byte)(UioDir | (directions & 0x3F)), UioEnd];

    /// <summary>
    /// The 32-byte packet that starts every SPI frame (flashrom's layout): release CS0 for three UIO
    /// instructions (≥ 2 µs), assert it, END, zero padding. Every bit except D0 keeps <paramref name="pins"/>,
    /// so CEN on D2 never changes.
    /// </summary>
    public static void WriteCsPacket(Span<byte> packet, byte pins)
    {
        byte high = (byte)(UioOut | ((pins | PinCs0) & 0x3F));
        byte low = (byte)(UioOut | (pins & ~PinCs0 & 0x3F));
        packet[..PacketSize].Clear();
        packet[0] = CmdUioStream;
        packet[1] = high;
        packet[2] = high;
        packet[3] = high;
        packet[4] = low;
        packet[5] = UioEnd;
    }
}
