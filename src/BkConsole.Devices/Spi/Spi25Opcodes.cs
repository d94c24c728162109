namespace BkConsole.Devices.Spi;

/// <summary>Every JEDEC / 25-series opcode the tool sends, in one place (ch341a-spi.md §4.1).</summary>
public static class Spi25Opcodes
{
    public const byte ReadJedecId = 0x9F;
    public const byte ReadManufacturerDeviceId = 0x90;
    public const byte ReleasePowerDown = 0xAB;
    public const byte ReadSfdp = 0x5A;
    public const byte Read = 0x03;
    public const byte FastRead = 0x0B;
    public const byte PageProgram = 0x02;
    public const byte SectorErase4K = 0x20;
    public const byte BlockErase32K = 0x52;
    public const byte BlockErase64K = 0xD8;
    public const byte ChipErase = 0x60;
    public const byte ChipEraseAlt = 0xC7;
    public const byte WriteEnable = 0x06;
    public const byte WriteDisable = 0x04;
    public const byte VolatileStatusWriteEnable = 0x50;
    public const byte ReadStatus1 = 0x05;
    public const byte ReadStatus2 = 0x35;
    public const byte ReadStatus3 = 0x15;
    public const byte WriteStatus = 0x01;
    public const byte WriteStatus2 = 0x31;

    /// <summary>The byte the Beken boot ROM listens for to hand its pins to the internal flash.</summary>
    public const byte BekenSpiModeSync = 0xD2;

    /// <summary>Status register bit 0: write in progress.</summary>
    public const byte StatusBusy = 0x01;

    /// <summary>Status register bit 1: write enable latch.</summary>
    public const byte StatusWel = 0x02;
}
