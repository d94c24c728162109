using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using BkConsole.Core.Layouts;
using BkConsole.Devices.Images;

namespace BkConsole.Devices.Tests.Images;

/// <summary>
/// Generates flash images with the real structure: CRC-packed bootloader and app (RBL headers at the end of their
/// partitions, per beken-uart-protocol.md §10), an OTA package in the download area, a Tuya storage area encrypted
/// the way the firmware does it, or OpenBeken's LittleFS superblock.
/// </summary>
internal sealed class ImageBuilder
{
    private readonly byte[] _image;
    private readonly Random _rnd = new(1234);

    public ImageBuilder(int size)
    {
        _image = new byte[size];
        _image.AsSpan().Fill(0xFF);
    }

    public byte[] Image => _image;

    public byte[] Code(int length)
    {
        var b = new byte[length];
        _rnd.NextBytes(b);
        return b;
    }

    /// <summary>Bootloader (logical 0..0xFFA0 + RBL) and app (logical 0x10000.., RBL at the end of the app partition),
    /// both CRC-packed from physical 0.</summary>
    public ImageBuilder BootloaderAndApp(long appPartitionEnd, int appCodeLength = 0x40000, int bootCodeLength = 0x8000)
    {
        long logicalEnd = Crc16Packing.ToLogical(appPartitionEnd);
        var logical = new byte[logicalEnd];
        logical.AsSpan().Fill(0xFF);
        var boot = Code(bootCodeLength);
        boot.CopyTo(logical, 0);
        RblHeader.For(boot, "bootloader", "1.0.5").ToBytes().CopyTo(logical, 0x10000 - 0x60);
        var app = Code(appCodeLength);
        app.CopyTo(logical, 0x10000);
        RblHeader.For(app, "app", "2.9.6", 1_600_000_000).ToBytes().CopyTo(logical, logicalEnd - 0x60);
        Crc16Packing.Pack(logical).CopyTo(_image, 0);
        return this;
    }

    public ImageBuilder PackedAt(long physical, int logicalLength)
    {
        Crc16Packing.Pack(Code(logicalLength)).CopyTo(_image, physical);
        return this;
    }

    public ImageBuilder OtaPackageAt(long offset, int length)
    {
        var pkg = Code(length);
        RblHeader.For(pkg, "app", "3.0.0").ToBytes().CopyTo(_image, offset);
        pkg.CopyTo(_image, offset + RblHeader.Size);
        return this;
    }

    public ImageBuilder LittleFs(long offset)
    {
        Encoding.ASCII.GetBytes("\x03\0\0\0\xF0\x0F\xFF\xF7littlefs/\xE0\0\x10").CopyTo(_image, offset);
        return this;
    }

    /// <summary>A Tuya storage: key block (master key) at <paramref name="keyBlock"/>, one data block after it.</summary>
    public ImageBuilder TuyaStorage(long keyBlock, string json)
    {
        var inner = Code(16);
        var key = new byte[TuyaStorageBlock];
        BinaryPrimitives.WriteUInt32LittleEndian(key, BkConsole.Devices.Images.TuyaStorage.MagicKey);
        inner.CopyTo(key, 8);
        BkConsole.Devices.Images.TuyaStorage.EncryptMaster(key).CopyTo(_image, keyBlock);
        var data = new byte[TuyaStorageBlock];
        BinaryPrimitives.WriteUInt32LittleEndian(data, BkConsole.Devices.Images.TuyaStorage.MagicData1);
        Encoding.ASCII.GetBytes(json).CopyTo(data, 32);
        using var aes = Aes.Create();
        aes.Key = BkConsole.Devices.Images.TuyaStorage.DataKey(inner);
        aes.EncryptEcb(data, PaddingMode.None).CopyTo(_image, keyBlock + TuyaStorageBlock);
        return this;
    }

    private const int TuyaStorageBlock = 0x1000;

    public static ImageBuilder TuyaBk7231T() =>
        new ImageBuilder(2 * 1024 * 1024)
            .BootloaderAndApp(FlashLayouts.TuyaBk7231T.Find("app")!.End!.Value)
            .TuyaStorage(0x1D8000, "{\"gw_bi\":{\"uuid\":\"tuya1234567890abcd\",\"auth_key\":\"Kx9sSecretAuthKey0123456789abcde\",\"psk\":\"\"},\"ssid\":\"MyHomeWifi\",\"passwd\":\"hunter22\",\"country\":\"EU\"}");
}
