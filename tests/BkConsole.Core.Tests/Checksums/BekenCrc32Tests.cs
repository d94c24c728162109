using BkConsole.Core.Checksums;

namespace BkConsole.Core.Tests.Checksums;

public class BekenCrc32Tests
{
    [Fact]
    public void Four_KiB_of_erased_flash_gives_the_documented_chip_value()
    {
        var data = Enumerable.Repeat((byte)0xFF, 4096).ToArray();
        Assert.Equal(0x0EAB98F5u, BekenCrc32.Compute(data));
        Assert.Equal(0xF154670Au, BekenCrc32.Zlib(data));
    }

    [Fact]
    public void Update_in_pieces_equals_one_pass()
    {
        var data = new byte[10000];
        new Random(7).NextBytes(data);
        var crc = BekenCrc32.Update(BekenCrc32.Initial, data.AsSpan(0, 1234));
        crc = BekenCrc32.Update(crc, data.AsSpan(1234));
        Assert.Equal(BekenCrc32.Compute(data), crc);
    }

    [Fact]
    public void Zlib_value_matches_the_standard_check_value()
    {
        Assert.Equal(0xCBF43926u, BekenCrc32.Zlib("123456789"u8));
    }
}
