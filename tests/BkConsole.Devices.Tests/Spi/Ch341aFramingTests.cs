using BkConsole.Devices.Spi;
using BkConsole.Devices.Spi.Ch341a;

namespace BkConsole.Devices.Tests.Spi;

public sealed class Ch341aFramingTests
{
    private static readonly string Zeros26 = string.Join(" ", Enumerable.Repeat("00", 26));

    [Theory]
    [InlineData(0x9F, 0xF9)]
    [InlineData(0xD2, 0x4B)]
    [InlineData(0x03, 0xC0)]
    [InlineData(0x0B, 0xD0)]
    [InlineData(0x16, 0x68)]
    [InlineData(0xC7, 0xE3)]
    [InlineData(0xFF, 0xFF)]
    [InlineData(0x00, 0x00)]
    public void Bytes_go_on_the_wire_with_their_bit_order_reversed(byte logical, byte wire)
    {
        Assert.Equal(wire, Ch341aProtocol.Reverse(logical));
        Assert.Equal(logical, Ch341aProtocol.Reverse(wire));
    }

    [Fact]
    public void Opening_sets_the_stream_mode_and_enables_the_pins_with_CEN_released()
    {
        var usb = new ScriptedUsb();
        using var master = new Ch341aSpiMaster(usb);
        Assert.Equal("AA 61 00", ScriptedUsb.Hex(usb.Out[0]));
        Assert.Equal("AB B7 7F 20", ScriptedUsb.Hex(usb.Out[1]));
    }

    [Fact]
    public void A_JEDEC_read_is_one_CS_packet_and_one_A8_packet_like_flashrom()
    {
        // MISO on the wire: a don't-care byte during 9F, then 0B 40 16 reversed.
        var usb = new ScriptedUsb(0x00, 0xD0, 0x02, 0x68);
        using var master = new Ch341aSpiMaster(usb);
        var id = new Spi25(master).ReadJedecId(CancellationToken.None);

        Assert.Equal(new JedecId(0x0B, 0x40, 0x16), id);
        Assert.Equal(3, usb.Out.Count);
        Assert.Equal($"AB B7 B7 B7 B6 20 {Zeros26} A8 F9 FF FF FF", ScriptedUsb.Hex(usb.Out[2]));
        Assert.Equal("00 D0 02 68", ScriptedUsb.Hex(usb.In.Single()));
    }

    [Fact]
    public void A_page_program_is_WREN_then_PP_split_into_31_byte_A8_packets_then_a_status_read()
    {
        var data = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        // MISO all zero: the status tail shows the chip idle, so one batch suffices.
        var scripted = new ScriptedUsb(Enumerable.Repeat((byte)0x00, 4096).ToArray());
        using var m2 = new Ch341aSpiMaster(scripted);
        new Spi25(m2).Program(0x012300, data, 256, null, CancellationToken.None);

        var stream = scripted.AllOut().Skip(3 + 4).ToArray(); // after AA 61 00 and AB B7 7F 20
        // WREN frame: CS packet + A8 60
        Assert.Equal($"AB B7 B7 B7 B6 20 {Zeros26}", ScriptedUsb.Hex(stream[..32]));
        Assert.Equal("A8 60", ScriptedUsb.Hex(stream[32..34]));
        // PP frame: CS packet, then 260 bytes in 8 packets of 31 and one of 12.
        var pp = stream[34..];
        Assert.Equal($"AB B7 B7 B7 B6 20 {Zeros26}", ScriptedUsb.Hex(pp[..32]));
        var body = pp[32..];
        Assert.Equal("A8 40 80 C4 00", ScriptedUsb.Hex(body[..5])); // 02 01 23 00 reversed
        var logical = new List<byte>();
        int o = 0;
        for (int p = 0; p < 9; p++)
        {
            Assert.Equal(0xA8, body[o]);
            int n = p < 8 ? 31 : 12;
            logical.AddRange(body.Skip(o + 1).Take(n).Select(Ch341aProtocol.Reverse));
            o += 1 + n;
        }
        Assert.Equal(new byte[] { 0x02, 0x01, 0x23, 0x00 }.Concat(data), logical);
        // Status read frame follows: CS packet + A8 A0 (05 reversed) + filler.
        Assert.Equal($"AB B7 B7 B7 B6 20 {Zeros26}", ScriptedUsb.Hex(body[o..(o + 32)]));
        Assert.Equal("A8 A0 FF", ScriptedUsb.Hex(body[(o + 32)..(o + 35)]));
    }

    [Fact]
    public void CEN_lives_in_a_shadow_register_so_chip_select_packets_keep_it_low()
    {
        var usb = new ScriptedUsb();
        using var master = new Ch341aSpiMaster(usb);
        master.SetCen(false, CancellationToken.None);
        Assert.Equal("AB B3 7F 20", ScriptedUsb.Hex(usb.Out[^1]));

        master.Transfer([new SpiFrame(new byte[] { 0x05 }, new byte[1])], CancellationToken.None);
        Assert.Equal($"AB B3 B3 B3 B2 20 {Zeros26} A8 A0 FF", ScriptedUsb.Hex(usb.Out[^1]));

        master.SetCen(true, CancellationToken.None);
        Assert.Equal("AB B7 7F 20", ScriptedUsb.Hex(usb.Out[^1])); // CS released too, CEN high
    }

    [Fact]
    public void A_4_KiB_read_uses_flashrom_arithmetic_133_packets_and_4100_IN_bytes()
    {
        var usb = new ScriptedUsb();
        using var master = new Ch341aSpiMaster(usb);
        var buf = new byte[4096];
        master.Transfer([new SpiFrame(new byte[] { 0x03, 0, 0, 0 }, buf)], CancellationToken.None);
        Assert.Equal(32 + 133 + 4100, usb.Out.Skip(2).Sum(o => o.Length));
        Assert.Equal(4100, usb.In.Sum(p => p.Length));
        Assert.Equal(133, usb.In.Count);
    }

    [Fact]
    public void Closing_releases_chip_select_then_tri_states_every_pin_and_closes_the_transport()
    {
        var usb = new ScriptedUsb();
        var master = new Ch341aSpiMaster(usb);
        master.Transfer([new SpiFrame(new byte[] { 0x06 })], CancellationToken.None);
        master.Dispose();
        Assert.Equal("AB B7 7F 20", ScriptedUsb.Hex(usb.Out[^2]));
        Assert.Equal("AB B7 40 20", ScriptedUsb.Hex(usb.Out[^1]));
        Assert.True(usb.Disposed);
    }
}
