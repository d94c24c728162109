using BkConsole.Simulator.Spi;

namespace BkConsole.Simulator.Tests.Spi;

public sealed class SpiNorFlashModelTests
{
    private static readonly TimeSpan Later = TimeSpan.FromSeconds(100);

    private static byte[] Frame(SpiNorFlashModel f, TimeSpan t, params byte[] mosi)
    {
        f.ChipSelect(true, t);
        var miso = mosi.Select(b => f.Exchange(b, t)).ToArray();
        f.ChipSelect(false, t);
        return miso;
    }

    private static byte[] Read(SpiNorFlashModel f, TimeSpan t, int address, int n) =>
        Frame(f, t, new byte[] { 0x03, (byte)(address >> 16), (byte)(address >> 8), (byte)address }.Concat(new byte[n]).ToArray())[4..];

    [Fact]
    public void The_JEDEC_id_is_0B_40_16()
    {
        var f = new SpiNorFlashModel(SpiNorProfile.Xt25f32b);
        Assert.Equal(new byte[] { 0xFF, 0x0B, 0x40, 0x16 }, Frame(f, TimeSpan.Zero, 0x9F, 0, 0, 0));
    }

    [Fact]
    public void Programming_ANDs_bits_and_only_erasing_brings_them_back()
    {
        var f = new SpiNorFlashModel(SpiNorProfile.Xt25f32b);
        var t = TimeSpan.Zero;
        Frame(f, t, 0x06);
        Frame(f, t, 0x02, 0x00, 0x10, 0x00, 0xF0);
        Frame(f, t += Later, 0x06);
        Frame(f, t, 0x02, 0x00, 0x10, 0x00, 0x3C);
        Assert.Equal(0x30, Read(f, t += Later, 0x1000, 1)[0]);

        Frame(f, t, 0x06);
        Frame(f, t, 0x20, 0x00, 0x10, 0x00);
        Assert.Equal(0xFF, Read(f, t += Later, 0x1000, 1)[0]);
    }

    [Fact]
    public void A_page_program_wraps_inside_its_256_byte_page()
    {
        var f = new SpiNorFlashModel(SpiNorProfile.Xt25f32b);
        Frame(f, TimeSpan.Zero, 0x06);
        Frame(f, TimeSpan.Zero, 0x02, 0x00, 0x01, 0xFF, 0x11, 0x22);
        Assert.Equal(0x11, Read(f, Later, 0x1FF, 1)[0]);
        Assert.Equal(0x22, Read(f, Later, 0x100, 1)[0]);
        Assert.Equal(0xFF, Read(f, Later, 0x200, 1)[0]);
    }

    [Fact]
    public void Writes_need_WEL_and_commit_only_on_the_chip_select_rising_edge()
    {
        var f = new SpiNorFlashModel(SpiNorProfile.Xt25f32b);
        Frame(f, TimeSpan.Zero, 0x02, 0, 0, 0, 0x00); // no WREN: ignored
        Assert.Equal(0xFF, Read(f, Later, 0, 1)[0]);

        Frame(f, TimeSpan.Zero, 0x06);
        f.ChipSelect(true, Later);
        foreach (var b in new byte[] { 0x02, 0, 0, 0, 0x00 }) f.Exchange(b, Later);
        Assert.False(f.Modified);
        f.ChipSelect(false, Later);
        Assert.True(f.Modified);
    }

    [Fact]
    public void While_busy_only_status_reads_are_answered_and_WIP_clears_after_the_erase_time()
    {
        var f = new SpiNorFlashModel(SpiNorProfile.Xt25f32b);
        var t = TimeSpan.FromSeconds(1);
        Frame(f, t, 0x06);
        Frame(f, t, 0x20, 0, 0, 0);
        Assert.Equal(0x03, Frame(f, t + TimeSpan.FromMilliseconds(1), 0x05, 0xFF)[1]);
        Assert.Equal(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }, Frame(f, t + TimeSpan.FromMilliseconds(1), 0x9F, 0, 0, 0));
        Assert.Equal(0x00, Frame(f, t + TimeSpan.FromMilliseconds(61), 0x05, 0xFF)[1]);
    }

    [Fact]
    public void The_Beken_SDK_protection_0x4004_silently_ignores_writes_below_the_last_64_KiB()
    {
        var f = new SpiNorFlashModel(SpiNorProfile.Xt25f32b, status: 0x4004);
        var t = TimeSpan.Zero;
        Frame(f, t, 0x06);
        Frame(f, t, 0x02, 0x00, 0x00, 0x00, 0x00);
        Frame(f, t += Later, 0x06);
        Frame(f, t, 0x02, 0x3F, 0x00, 0x00, 0x00);
        t += Later;
        Assert.Equal(0xFF, Read(f, t, 0x000000, 1)[0]);
        Assert.Equal(0x00, Read(f, t, 0x3F0000, 1)[0]);
        Assert.Equal(1, f.RejectedWrites);
        Assert.Equal(new byte[] { 0xFF, 0x04 }, Frame(f, t, 0x05, 0xFF));
        Assert.Equal(new byte[] { 0xFF, 0x40 }, Frame(f, t, 0x35, 0xFF));

        Frame(f, t, 0x06);
        Frame(f, t, 0x60); // chip erase refused while anything is protected
        Assert.Equal(0x00, Read(f, t += Later, 0x3F0000, 1)[0]);

        Frame(f, t, 0x06);
        Frame(f, t, 0x01, 0x00, 0x00); // two-byte WRSR clears SR1 and SR2
        Assert.Equal(0, f.Status);
    }

    [Fact]
    public void The_XT25F32B_has_no_31h_write_of_status_register_2()
    {
        var f = new SpiNorFlashModel(SpiNorProfile.Xt25f32b, status: 0x4004);
        Frame(f, TimeSpan.Zero, 0x06);
        Frame(f, TimeSpan.Zero, 0x31, 0x00);
        Assert.Equal(0x4004, f.Status);
    }
}
