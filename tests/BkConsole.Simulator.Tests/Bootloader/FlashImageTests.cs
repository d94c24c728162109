using BkConsole.Core.Checksums;
using BkConsole.Core.Chips;
using BkConsole.Simulator.Device;
using BkConsole.Simulator.Flash;
using BkConsole.TestKit;

namespace BkConsole.Simulator.Tests.Bootloader;

public sealed class FlashImageTests
{
    [Theory]
    [InlineData("bk7252")]
    [InlineData("bk7231t")]
    [InlineData("bk7231u")]
    [InlineData("bk7231n")]
    [InlineData("bk7238")]
    public void Generated_bootloaders_carry_the_CRC_tools_identify_the_chip_by(string name)
    {
        var chip = ChipProfiles.Get(name);
        var traits = SimChipTraits.For(chip);
        var image = FlashImageBuilder.Build(chip, 3);
        Assert.Equal(chip.FlashSize, image.Length);
        Assert.Equal(traits.BootloaderZlibCrc, BekenCrc32.Zlib(image.AsSpan(0, traits.BootloaderCrcLength)));
    }

    [Fact]
    public void The_app_partition_starts_with_the_encrypted_vector_signature_and_valid_CRC16_blocks()
    {
        var image = FlashImageBuilder.Build(ChipProfiles.Bk7252, 3);
        Assert.Equal(new byte[] { 0x2F, 0x07, 0xB5, 0x94, 0x35, 0xFF, 0x2A, 0x9B }, image[0x11000..0x11008]);
        ushort crc = Crc16Cms.Compute(image.AsSpan(0x11000, 32));
        Assert.Equal((byte)(crc >> 8), image[0x11020]);
        Assert.Equal((byte)crc, image[0x11021]);
    }

    [Fact]
    public void Writes_reach_the_file_only_with_persist()
    {
        using var temp = new TempFolder("persist");
        var path = temp.File("img.bin");
        var original = FlashImageBuilder.Build(ChipProfiles.Bk7252, 1);
        File.WriteAllBytes(path, original);

        var volatileFlash = SimFlash.FromFile(path, ChipProfiles.Bk7252.FlashSize, persist: false);
        volatileFlash.Erase(0x200000, 0x1000);
        volatileFlash.Flush();
        Assert.Equal(original, File.ReadAllBytes(path));

        var persisted = SimFlash.FromFile(path, ChipProfiles.Bk7252.FlashSize, persist: true);
        persisted.Erase(0x200000, 0x1000);
        persisted.Program(0x200000, [0x12, 0x34]);
        persisted.Flush();
        var saved = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x12, 0x34, 0xFF }, saved[0x200000..0x200003]);
    }

    [Fact]
    public void Addresses_alias_modulo_the_flash_size()
    {
        var flash = new SimFlash(FlashImageBuilder.Build(ChipProfiles.Bk7252, 2));
        Assert.Equal(flash.Read(0x1000, 64), flash.Read(0x401000, 64));
        Assert.Equal(flash.Read(0x1000, 64), flash.Read(0xC01000, 64));
    }
}
