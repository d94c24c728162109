using BkConsole.Devices.Spi;
using BkConsole.Devices.Spi.Chips;

namespace BkConsole.Devices.Tests.Spi;

public sealed class FlashChipsTests
{
    [Theory]
    [InlineData("0B4016", "XT25F32B", 4 << 20)]
    [InlineData("0B4015", "XT25F16B", 2 << 20)]
    [InlineData("1C7015", "EN25QH16B", 2 << 20)]
    [InlineData("C84015", "GD25Q16", 2 << 20)]
    [InlineData("C84016", "GD25Q32", 4 << 20)]
    [InlineData("EB6015", "TH25Q16HB", 2 << 20)]
    [InlineData("854215", "P25Q16HB", 2 << 20)]
    [InlineData("684016", "BY25Q32BS", 4 << 20)]
    [InlineData("5E4015", "ZB25D16", 2 << 20)]
    public void Parts_seen_on_Beken_boards_are_found_by_their_JEDEC_id(string id, string name, int size)
    {
        var chip = FlashChips.Find(JedecId.Parse(id));
        Assert.NotNull(chip);
        Assert.Equal(name, chip.Name);
        Assert.Equal(size, chip.Size);
        Assert.Equal(size, 1L << chip.Id.Capacity);
    }

    [Fact]
    public void Every_row_has_a_unique_id_a_page_and_a_4_KiB_sector_erase()
    {
        Assert.Equal(FlashChips.All.Count, FlashChips.All.Select(c => c.Id).Distinct().Count());
        Assert.All(FlashChips.All, c =>
        {
            Assert.Equal(256, c.PageSize);
            Assert.Contains(c.EraseBlocks, b => b.Size == 4096 && b.Opcode == Spi25Opcodes.SectorErase4K);
        });
    }

    [Fact]
    public void An_unknown_id_says_so_and_gives_the_size_its_capacity_byte_suggests()
    {
        var id = JedecId.Parse("12 34 16");
        Assert.Null(FlashChips.Find(id));
        Assert.Equal("Unknown flash chip: JEDEC id 12 34 16 is not in bkconsole's chip table (its capacity byte suggests 4096 KiB)",
            FlashChips.DescribeUnknown(id));
    }

    [Theory]
    [InlineData("000000", false)]
    [InlineData("FFFFFF", false)]
    [InlineData("0B4016", true)]
    public void All_zero_and_all_FF_ids_mean_nothing_answered(string id, bool valid) =>
        Assert.Equal(valid, JedecId.Parse(id).IsValid);

    [Theory]
    [InlineData(0x4004, 0x000000, 0x3F0000)] // Beken SDK: everything but the last 64 KiB
    [InlineData(0x0004, 0x3F0000, 0x010000)] // BP0: top 64 KiB
    [InlineData(0x001C, 0x000000, 0x400000)] // BP0-2: all
    [InlineData(0x0024, 0x000000, 0x010000)] // BP0 + TB: bottom 64 KiB
    [InlineData(0x0044, 0x3FF000, 0x001000)] // BP0 + SEC: top 4 KiB
    [InlineData(0x0000, 0x000000, 0x000000)]
    [InlineData(0x0200, 0x000000, 0x000000)] // QE only
    public void Status_values_decode_to_the_protected_range_flashrom_computes(int sr, int start, int length)
    {
        var (s, l) = StatusRegisterLayout.Gd16.Decode((ushort)sr, 4 << 20);
        Assert.Equal((start, length), ((int)s, (int)l));
    }

    [Fact]
    public void Unprotecting_clears_BP_and_CMP_but_keeps_quad_enable()
    {
        Assert.Equal(0x0200, StatusRegisterLayout.Gd16.Unprotected(0x4204));
        Assert.Equal(0x0000, StatusRegisterLayout.Gd16.Unprotected(StatusRegisterLayout.BekenSdkProtection));
    }
}
