using BkConsole.Core.Chips;

namespace BkConsole.Simulator.Tests.Bootloader;

/// <summary>The byte examples of beken-uart-protocol.md §2.3, §4 and §6, over a real pty and SerialPort.</summary>
public sealed class DocByteExampleTests
{
    private static string Hex(byte[] b) => Convert.ToHexString(b);

    [Fact]
    public void LinkCheck_gets_the_eight_byte_reply()
    {
        using var sim = new SimPort(ChipProfiles.Bk7252);
        sim.Send("01 E0 FC 01 00");
        Assert.Equal("040E0501E0FC0100", Hex(sim.Read(8)));
    }

    [Fact]
    public void ReadReg_chip_id_on_BK7231N_matches_the_doc_example()
    {
        using var sim = new SimPort(ChipProfiles.Bk7231N);
        sim.Send("01 E0 FC 05 03 00 00 80 00");
        Assert.Equal("040E0C01E0FC03000080001C230700", Hex(sim.Read(15)));
    }

    [Fact]
    public void Erase_then_CheckCRC_of_a_blank_sector_is_0x0EAB98F5_with_the_inclusive_end_on_FULL()
    {
        using var sim = new SimPort(ChipProfiles.Bk7231N);
        sim.Send("01 E0 FC FF F4 04 00 0D 01 00 00"); // WriteSR 16-bit 0x0000: unprotect
        Assert.Equal("040EFF01E0FCF405000D00010000", Hex(sim.Read(14)));
        sim.Send("01 E0 FC FF F4 06 00 0F 20 00 10 01 00");
        Assert.Equal("040EFF01E0FCF407000F0020001001 00".Replace(" ", ""), Hex(sim.Read(16)));
        sim.Send("01 E0 FC 09 10 00 10 01 00 FF 1F 01 00");
        Assert.Equal("040E0801E0FC10F598AB0E", Hex(sim.Read(11)));
    }

    [Fact]
    public void CheckCRC_on_BASIC_uses_the_exclusive_end()
    {
        using var sim = new SimPort(ChipProfiles.Bk7252);
        var flash = sim.Host.Device.Flash;
        uint expected = Core.Checksums.BekenCrc32.Compute(flash.Read(0x11000, 0x1000));
        sim.Send("01 E0 FC 09 10 00 10 01 00 00 20 01 00");
        var reply = sim.Read(11);
        Assert.Equal("040E0801E0FC10", Hex(reply[..7]));
        Assert.Equal(expected, BitConverter.ToUInt32(reply, 7));
    }

    [Fact]
    public void Read4K_at_0x11000_returns_the_doc_header_and_the_sector()
    {
        using var sim = new SimPort(ChipProfiles.Bk7252);
        sim.Send("01 E0 FC FF F4 05 00 09 00 10 01 00");
        var reply = sim.Read(4111);
        Assert.Equal(4111, reply.Length);
        Assert.Equal("040EFF01E0FCF406100900 00100100".Replace(" ", ""), Hex(reply[..15]));
        Assert.Equal(sim.Host.Device.Flash.Read(0x11000, 4096), reply[15..]);
    }

    [Fact]
    public void Write4K_reply_echoes_the_address_and_programs_only_erased_bits()
    {
        using var sim = new SimPort(ChipProfiles.Bk7252);
        var data = Enumerable.Range(0, 4096).Select(i => (byte)(i * 7)).ToArray();
        sim.Send("01 E0 FC FF F4 06 00 0F 20 00 10 01 00");
        sim.Read(16);
        sim.Send([.. SimPort.Hex("01 E0 FC FF F4 05 10 07 00 10 01 00"), .. data]);
        Assert.Equal("040EFF01E0FCF406000700 00100100".Replace(" ", ""), Hex(sim.Read(15)));
        Assert.Equal(data, sim.Host.Device.Flash.Read(0x11000, 4096));

        // Writing again without an erase can only clear bits (NOR): the result is old AND new.
        var second = Enumerable.Repeat((byte)0x0F, 4096).ToArray();
        sim.Send([.. SimPort.Hex("01 E0 FC FF F4 05 10 07 00 10 01 00"), .. second]);
        sim.Read(15);
        Assert.Equal(data.Select(b => (byte)(b & 0x0F)).ToArray(), sim.Host.Device.Flash.Read(0x11000, 4096));
    }

    [Fact]
    public void ReadSR_WriteSR_and_GetMID_match_the_doc_on_FULL()
    {
        using var sim = new SimPort(ChipProfiles.Bk7231N);
        sim.Send("01 E0 FC FF F4 02 00 0C 05");
        Assert.Equal("040EFF01E0FCF404000C00051C", Hex(sim.Read(13)));
        sim.Send("01 E0 FC FF F4 05 00 0E 9F 00 00 00");
        Assert.Equal("040EFF01E0FCF406000E0000EB6015", Hex(sim.Read(15)));
    }

    [Fact]
    public void SetBaudRate_answers_at_the_new_rate_after_its_delay()
    {
        using var sim = new SimPort(ChipProfiles.Bk7252);
        sim.Send("01 E0 FC 06 0F 80 84 1E 00 14");
        Thread.Sleep(10);
        sim.Port.BaudRate = 2000000;
        Assert.Equal("040E0901E0FC0F80841E0014", Hex(sim.Read(12)));
        sim.Send("01 E0 FC 01 00");
        Assert.Equal("040E0501E0FC0100", Hex(sim.Read(8)));
    }

    [Fact]
    public void A_host_that_does_not_switch_its_rate_gets_garbage_instead_of_the_baud_echo()
    {
        using var sim = new SimPort(ChipProfiles.Bk7252);
        sim.Send("01 E0 FC 06 0F 80 84 1E 00 14");
        var seen = sim.ReadFor(300);
        Assert.NotEqual("040E0901E0FC0F80841E0014", Hex(seen));
        Assert.True(seen.Length < 12, "a 115200 receiver sees fewer, mangled bytes of a 2 Mbaud reply");
    }

    [Fact]
    public void Reboot_command_sends_nothing_and_the_chip_boots_its_logs()
    {
        using var sim = new SimPort(ChipProfiles.Bk7252);
        sim.Send("01 E0 FC 02 0E A5");
        var text = sim.ReadUntil(5000, "go os_addr(0x10000)", "Thread Operating System");
        Assert.StartsWith("\0\r\nV(0.1.3)", text);
        Assert.Contains("Thread Operating System", text);
    }
}

public sealed class BaudFollowingTests
{
    [Fact]
    public void After_SetBaudRate_a_host_still_at_115200_is_not_understood_until_it_switches()
    {
        using var sim = new SimPort(ChipProfiles.Bk7252);
        sim.Send("01 E0 FC 06 0F 80 84 1E 00 14");
        sim.ReadFor(200); // the echo, mangled at 115200
        sim.Send("01 E0 FC 01 00");
        Assert.DoesNotContain("040E0501E0FC0100", Convert.ToHexString(sim.ReadFor(300)));
        sim.Port.BaudRate = 2000000;
        sim.Port.DiscardInBuffer();
        sim.Send("01 E0 FC 01 00");
        Assert.Equal("040E0501E0FC0100", Convert.ToHexString(sim.Read(8)));
    }
}
