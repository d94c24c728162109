using BkConsole.Simulator.Spi;

namespace BkConsole.Simulator.Tests.Spi;

public sealed class Ch341aEmulatorTests
{
    private static byte[] CsPacket(byte pins = 0x37)
    {
        var p = new byte[32];
        p[0] = 0xAB;
        p[1] = p[2] = p[3] = (byte)(0x80 | pins | 1);
        p[4] = (byte)(0x80 | (pins & ~1));
        p[5] = 0x20;
        return p;
    }

    private static byte[] ReadIn(Ch341aEmulator usb)
    {
        var buf = new byte[32];
        int n = usb.Read(0x82, buf, TimeSpan.FromSeconds(1), CancellationToken.None);
        return buf[..n];
    }

    [Fact]
    public void A_flashrom_style_RDID_transfer_gets_the_bit_reversed_id_back()
    {
        var usb = new Ch341aEmulator(new SpiNorFlashModel(SpiNorProfile.Xt25f32b));
        usb.Write(0x02, [0xAA, 0x61, 0x00], CancellationToken.None);
        usb.Write(0x02, [0xAB, 0xB7, 0x7F, 0x20], CancellationToken.None);
        usb.Write(0x02, CsPacket().Concat(new byte[] { 0xA8, 0xF9, 0xFF, 0xFF, 0xFF }).ToArray(), CancellationToken.None);
        Assert.Equal(new byte[] { 0xFF, 0xD0, 0x02, 0x68 }, ReadIn(usb));
        Assert.Equal(1, usb.StreamMode);
    }

    [Fact]
    public void With_chip_select_released_or_pins_tri_stated_MISO_reads_high()
    {
        var usb = new Ch341aEmulator(new SpiNorFlashModel(SpiNorProfile.Xt25f32b));
        usb.Write(0x02, [0xAB, 0xB7, 0x7F, 0x20, 0xA8], CancellationToken.None); // A8 after END in the same packet: ignored
        usb.Write(0x02, [0xA8, 0xF9, 0xFF], CancellationToken.None);
        Assert.Equal(new byte[] { 0xFF, 0xFF }, ReadIn(usb));
        Assert.Throws<TimeoutException>(() => ReadIn(usb));
    }

    [Fact]
    public void A_UIO_input_sub_command_returns_the_pin_levels()
    {
        var usb = new Ch341aEmulator(new SpiNorFlashModel(SpiNorProfile.Xt25f32b));
        usb.Write(0x02, [0xAB, 0xB3, 0x7F, 0x00, 0x20], CancellationToken.None);
        Assert.Equal(new byte[] { 0xF3 }, ReadIn(usb));
    }

    [Fact]
    public void D2_drives_the_Beken_CEN_and_CS_packets_that_keep_D2_low_hold_the_chip_in_reset()
    {
        var rig = new SpiEmulatorRig();
        rig.Usb.Write(0x02, [0xAB, 0xB3, 0x7F, 0x20], CancellationToken.None);
        Assert.Equal(Bk7252SpiState.Reset, rig.Chip.State);
        rig.Usb.Write(0x02, CsPacket(0x33).Concat(new byte[] { 0xA8, 0xF9 }).ToArray(), CancellationToken.None);
        Assert.Equal(Bk7252SpiState.Reset, rig.Chip.State);
        Assert.Equal(new byte[] { 0xFF }, ReadIn(rig.Usb));
        rig.Usb.Write(0x02, [0xAB, 0xB7, 0x7F, 0x20], CancellationToken.None);
        Assert.Equal(Bk7252SpiState.BootWindow, rig.Chip.State);
        Assert.Equal(1, rig.Chip.Resets);
    }

    [Fact]
    public void A_4_KiB_read_is_modelled_at_the_SPI_clock_plus_frame_alignment()
    {
        var usb = new Ch341aEmulator(new SpiNorFlashModel(SpiNorProfile.Xt25f32b));
        var stream = new List<byte>(CsPacket());
        int total = 4100;
        for (int done = 0; done < total; done += 31)
        {
            stream.Add(0xA8);
            stream.AddRange(Enumerable.Repeat((byte)(done == 0 ? 0xC0 : 0x00), Math.Min(31, total - done)));
        }
        usb.Write(0x02, stream.ToArray(), CancellationToken.None);
        int got = 0;
        while (got < total) got += ReadIn(usb).Length;
        // Starts on a frame boundary (t = 0); 4100 bytes × 8 / 1.5 MHz = 21.87 ms, seen at the end of that frame.
        Assert.Equal(TimeSpan.FromMilliseconds(22), usb.Elapsed);
    }
}
