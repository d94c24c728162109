using BkConsole.Core.Chips;

namespace BkConsole.Simulator.Tests.Bootloader;

public sealed class FamilyBehaviourTests
{
    private static string Hex(byte[] b) => Convert.ToHexString(b);

    [Fact]
    public void BASIC_refuses_Read4K_in_the_bootloader_with_status_6_but_the_wrapped_address_reads_it()
    {
        using var sim = new SimPort(ChipProfiles.Bk7252);
        sim.Send("01 E0 FC FF F4 05 00 09 00 00 00 00");
        Assert.Equal("040EFF01E0FCF40700090600000000 00".Replace(" ", ""), Hex(sim.Read(16)));

        sim.Send("01 E0 FC FF F4 05 00 09 00 00 40 00"); // + 4 MiB
        var reply = sim.Read(4111);
        Assert.Equal(0, reply[10]);
        Assert.Equal(sim.Host.Device.Flash.Read(0, 4096), reply[15..]);
    }

    [Fact]
    public void BASIC_is_silent_on_unsupported_short_commands_and_answers_7_on_unknown_long_ops()
    {
        using var sim = new SimPort(ChipProfiles.Bk7252);
        sim.Send("01 E0 FC 05 03 00 00 80 00"); // ReadReg
        sim.Send("01 E0 FC 01 11");             // BootVersion: BASIC_BEKEN does not know it
        Assert.Empty(sim.ReadFor(300));
        sim.Send("01 E0 FC FF F4 02 00 0C 05"); // ReadSR is FULL only
        Assert.Equal("040EFF01E0FCF402000C07", Hex(sim.Read(11)));
    }

    [Fact]
    public void FULL_answers_unknown_short_commands_with_the_command_and_status_7()
    {
        using var sim = new SimPort(ChipProfiles.Bk7231N);
        sim.Send("01 E0 FC 01 11");
        Assert.Equal("040E0501E0FC1107", Hex(sim.Read(8)));
    }

    [Fact]
    public void BK7231T_reports_its_boot_version()
    {
        using var sim = new SimPort(ChipProfiles.Bk7231T);
        sim.Send("01 E0 FC 01 11");
        Assert.Equal("BK7231S_1.0.5", System.Text.Encoding.ASCII.GetString(sim.Read(7 + 13)[7..]));
    }

    [Fact]
    public void BASIC_erase_after_a_CRC_leaves_data_until_the_next_LinkCheck()
    {
        using var sim = new SimPort(ChipProfiles.Bk7252);
        var flash = sim.Host.Device.Flash;
        var before = flash.Read(0x11000, 4096);
        sim.Send("01 E0 FC 09 10 00 10 01 00 00 20 01 00");
        sim.Read(11);
        sim.Send("01 E0 FC FF F4 06 00 0F 20 00 10 01 00");
        Assert.Equal(0, sim.Read(16)[10]);
        Assert.Equal(before, flash.Read(0x11000, 4096));

        sim.Send("01 E0 FC 01 00");
        sim.Read(8);
        sim.Send("01 E0 FC FF F4 06 00 0F 20 00 10 01 00");
        sim.Read(16);
        Assert.All(flash.Read(0x11000, 4096), b => Assert.Equal(0xFF, b));
    }

    [Fact]
    public void FULL_ignores_erase_while_the_status_register_protects_the_flash()
    {
        using var sim = new SimPort(ChipProfiles.Bk7231N);
        var flash = sim.Host.Device.Flash;
        var before = flash.Read(0x11000, 4096);
        sim.Send("01 E0 FC FF F4 05 00 0B 00 10 01 00");
        Assert.Equal("040EFF01E0FCF406000B0000100100", Hex(sim.Read(15)));
        Assert.Equal(before, flash.Read(0x11000, 4096));
    }

    [Fact]
    public void FULL_reads_the_Tuya_key_from_eFuse_registers()
    {
        using var sim = new SimPort(ChipProfiles.Bk7231N);
        // byte 0: write CTRL = (0<<8)|1, read OPTR
        sim.Send("01 E0 FC 09 01 74 00 80 00 01 00 00 00");
        sim.Read(15);
        sim.Send("01 E0 FC 05 03 78 00 80 00");
        var reply = sim.Read(15);
        Assert.Equal(0x100u | 0x93u, BitConverter.ToUInt32(reply, 11));
    }

    [Fact]
    public void Garbage_before_a_frame_is_skipped_and_the_device_keeps_answering()
    {
        using var sim = new SimPort(ChipProfiles.Bk7252);
        var junk = new byte[5000];
        new Random(3).NextBytes(junk);
        for (int i = 0; i < junk.Length; i++) if (junk[i] == 0x01) junk[i] = 0x02;
        sim.Send(junk);
        sim.Send("01 E0 FC 01 00");
        Assert.Equal("040E0501E0FC0100", Hex(sim.Read(8)));
    }

    [Fact]
    public void A_frame_that_stops_arriving_is_answered_with_PACK_PAYLOAD_LACK()
    {
        using var sim = new SimPort(ChipProfiles.Bk7252);
        sim.Send("01 E0 FC FF F4 05 10 07 00 10 01 00 AA BB");
        Assert.Equal("040EFF01E0FCF402000705", Hex(sim.Read(11, 5000)));
        sim.Send("01 E0 FC 01 00");
        Assert.Equal("040E0501E0FC0100", Hex(sim.Read(8)));
    }

    [Fact]
    public void Write4K_with_a_wrong_length_is_PACK_LEN_ERROR()
    {
        using var sim = new SimPort(ChipProfiles.Bk7252);
        sim.Send("01 E0 FC FF F4 09 00 07 00 10 01 00 01 02 03 04");
        Assert.Equal("040EFF01E0FCF40600070400100100", Hex(sim.Read(15)));
    }
}
