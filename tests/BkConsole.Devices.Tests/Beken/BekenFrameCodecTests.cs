using BkConsole.Devices.Beken;
using BkConsole.Devices.Beken.Packets;

namespace BkConsole.Devices.Tests.Beken;

/// <summary>Every byte example of beken-uart-protocol.md, both directions.</summary>
public sealed class BekenFrameCodecTests
{
    private static byte[] Hex(string s) => Convert.FromHexString(s.Replace(" ", ""));

    private static BekenReply DecodeOne(byte[] bytes)
    {
        var d = new BekenReplyDecoder();
        d.Push(bytes);
        Assert.True(d.TryRead(out var reply), "no frame decoded");
        Assert.False(d.TryRead(out _));
        Assert.Equal(0, d.DiscardedBytes);
        return reply;
    }

    public static TheoryData<string, BekenCommand> Requests => new()
    {
        { "01 E0 FC 01 00", new LinkCheckCommand() },
        { "01 E0 FC 05 03 00 00 80 00", new ReadRegCommand(0x800000) },
        { "01 E0 FC 09 10 00 10 01 00 FF 1F 01 00", new CheckCrcCommand(0x11000, 0x11FFF) },
        { "01 E0 FC 09 10 00 10 01 00 00 20 01 00", new CheckCrcCommand(0x11000, 0x12000) },
        { "01 E0 FC 02 0E A5", new RebootCommand() },
        { "01 E0 FC 06 0F 00 10 0E 00 0F", new SetBaudRateCommand(921600, 15) },
        { "01 E0 FC 06 0F 00 C2 01 00 14", new SetBaudRateCommand(115200, 20) },
        { "01 E0 FC 06 0F 00 84 03 00 14", new SetBaudRateCommand(230400, 20) },
        { "01 E0 FC 06 0F 00 08 07 00 14", new SetBaudRateCommand(460800, 20) },
        { "01 E0 FC 06 0F 60 E3 16 00 14", new SetBaudRateCommand(1500000, 20) },
        { "01 E0 FC 06 0F 80 84 1E 00 14", new SetBaudRateCommand(2000000, 20) },
        { "01 E0 FC 06 0F C0 C6 2D 00 14", new SetBaudRateCommand(3000000, 20) },
        { "01 E0 FC 01 11", new ReadBootVersionCommand() },
        { "01 E0 FC FF F4 05 00 09 00 10 01 00", new FlashRead4KCommand(0x11000) },
        { "01 E0 FC FF F4 06 00 0F 20 00 10 01 00", new FlashEraseCommand(FlashEraseCommand.Sector4K, 0x11000) },
        { "01 E0 FC FF F4 02 00 0C 05", new FlashReadSrCommand(0x05) },
        { "01 E0 FC FF F4 04 00 0D 01 00 00", new FlashWriteSrCommand(0x01, new byte[] { 0, 0 }) },
        { "01 E0 FC FF F4 05 00 0E 9F 00 00 00", new FlashGetMidCommand() },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void Commands_encode_to_the_documented_bytes(string expected, BekenCommand command) =>
        Assert.Equal(Hex(expected), BekenFrameCodec.Encode(command));

    [Fact]
    public void Write4K_is_a_4108_byte_frame_with_the_documented_header()
    {
        var data = Enumerable.Range(0, 4096).Select(i => (byte)i).ToArray();
        var frame = BekenFrameCodec.Encode(new FlashWrite4KCommand(0x11000, data));
        Assert.Equal(4108, frame.Length);
        Assert.Equal(Hex("01 E0 FC FF F4 05 10 07 00 10 01 00"), frame[..12]);
        Assert.Equal(data, frame[12..]);
    }

    [Fact]
    public void LinkCheck_reply_is_command_plus_one_with_status_zero()
    {
        var cmd = new LinkCheckCommand();
        var reply = DecodeOne(Hex("04 0E 05 01 E0 FC 01 00"));
        Assert.Equal(cmd.ReplyId, reply.Id);
        Assert.Equal(0, cmd.ParseReply(reply).Status);
    }

    [Fact]
    public void ReadReg_reply_carries_the_BK7231N_chip_id()
    {
        var reply = DecodeOne(Hex("04 0E 0C 01 E0 FC 03 00 00 80 00 1C 23 07 00"));
        var reg = new ReadRegCommand(0x800000).ParseReply(reply);
        Assert.Equal(new RegisterReply(0x800000, 0x7231C), reg);
    }

    [Fact]
    public void CheckCrc_reply_is_little_endian()
    {
        var reply = DecodeOne(Hex("04 0E 08 01 E0 FC 10 F5 98 AB 0E"));
        Assert.Equal(0x0EAB98F5u, new CheckCrcCommand(0, 0x1000).ParseReply(reply).Crc);
    }

    [Fact]
    public void SetBaudRate_echo_decodes_rate_and_delay()
    {
        var reply = DecodeOne(Hex("04 0E 09 01 E0 FC 0F 80 84 1E 00 14"));
        Assert.Equal(new BaudRateReply(2000000, 20), new SetBaudRateCommand(2000000, 20).ParseReply(reply));
    }

    [Fact]
    public void A_stale_LinkCheck_reply_before_the_baud_echo_is_a_separate_frame()
    {
        var d = new BekenReplyDecoder();
        d.Push(Hex("04 0E 05 01 E0 FC 01 00 04 0E 09 01 E0 FC 0F 00 10 0E 00 14"));
        Assert.True(d.TryRead(out var stale));
        Assert.Equal(new CommandId(0x01, false), stale.Id);
        Assert.True(d.TryRead(out var echo));
        Assert.Equal(new CommandId(0x0F, false), echo.Id);
    }

    [Fact]
    public void Read4K_reply_is_4111_bytes_and_yields_address_and_data()
    {
        var data = Enumerable.Range(0, 4096).Select(i => (byte)(i * 3)).ToArray();
        var bytes = Hex("04 0E FF 01 E0 FC F4 06 10 09 00 00 10 01 00").Concat(data).ToArray();
        Assert.Equal(4111, bytes.Length);
        var r = new FlashRead4KCommand(0x11000).ParseReply(DecodeOne(bytes));
        Assert.Equal(0, r.Status);
        Assert.Equal(0x11000u, r.Address);
        Assert.Equal(data, r.Data.ToArray());
    }

    [Fact]
    public void Read4K_header_seen_in_GUI_issues_decodes_the_wrapped_address()
    {
        var bytes = Hex("040EFF01E0FCF4061009000000200069").Concat(new byte[4095]).ToArray();
        var r = new FlashRead4KCommand(0x200000).ParseReply(DecodeOne(bytes));
        Assert.Equal(0x200000u, r.Address);
        Assert.Equal(0x69, r.Data.Span[0]);
    }

    [Fact]
    public void Read4K_on_a_protected_address_reports_status_6_without_data()
    {
        var r = new FlashRead4KCommand(0).ParseReply(DecodeOne(Hex("04 0E FF 01 E0 FC F4 03 00 09 06 00")));
        Assert.Equal(6, r.Status);
        Assert.True(r.Data.IsEmpty);
    }

    [Fact]
    public void Write4K_and_erase_replies_echo_the_address()
    {
        var w = new FlashWrite4KCommand(0x11000, new byte[4096]).ParseReply(DecodeOne(Hex("04 0E FF 01 E0 FC F4 06 00 07 00 00 10 01 00")));
        Assert.Equal(new FlashAddressReply(0, 0x11000), w);
        var e = new FlashEraseCommand(0x20, 0x11000).ParseReply(DecodeOne(Hex("04 0E FF 01 E0 FC F4 07 00 0F 00 20 00 10 01 00")));
        Assert.Equal(new FlashAddressReply(0, 0x11000), e);
    }

    [Fact]
    public void Status_register_replies_echo_opcode_and_values()
    {
        var sr = new FlashReadSrCommand(0x05).ParseReply(DecodeOne(Hex("04 0E FF 01 E0 FC F4 04 00 0C 00 05 7C")));
        Assert.Equal((byte)0x05, sr.SpiOpcode);
        Assert.Equal(new byte[] { 0x7C }, sr.Values.ToArray());
        var wr = new FlashWriteSrCommand(0x01, new byte[] { 0, 0 }).ParseReply(DecodeOne(Hex("04 0E FF 01 E0 FC F4 05 00 0D 00 01 00 00")));
        Assert.Equal(new byte[] { 0, 0 }, wr.Values.ToArray());
    }

    [Theory]
    [InlineData("04 0E FF 01 E0 FC F4 06 00 0E 00 FF EB 60 15")]
    [InlineData("04 0E FF 01 E0 FC F4 05 00 0E 00 EB 60 15")]
    public void GetMID_reply_yields_the_JEDEC_id_with_or_without_the_dummy_byte(string hex)
    {
        var id = new FlashGetMidCommand().ParseReply(DecodeOne(Hex(hex)));
        Assert.Equal("eb6015", id.Hex);
        Assert.Equal(2 * 1024 * 1024, id.Size);
    }

    [Fact]
    public void A_zero_flash_id_has_no_size()
    {
        Assert.Null(new FlashIdReply(0, 0, 0, 0).Size); // bk7231tools#30: 00 00 00 must not mean "1 byte"
    }

    [Fact]
    public void BootROM_answers_ReadBootVersion_with_unknown_command()
    {
        var r = new ReadBootVersionCommand().ParseReply(DecodeOne(Hex("04 0E 05 01 E0 FC 11 07")));
        Assert.True(r.UnknownToRom);
        var tuya = new ReadBootVersionCommand().ParseReply(DecodeOne(
            Hex("04 0E 12 01 E0 FC 11").Concat("BK7231S_1.0.5\0"u8.ToArray()).ToArray()));
        Assert.Equal("BK7231S_1.0.5", tuya.Version);
    }

    [Fact]
    public void Unknown_long_op_and_system_error_replies_decode()
    {
        var unknown = DecodeOne(Hex("04 0E FF 01 E0 FC F4 02 00 0A 07"));
        Assert.Equal(new CommandId(0x0A, true), unknown.Id);
        Assert.Equal(7, unknown.Status);
        var sys = DecodeOne(Hex("04 0E 04 01 E0 FC EE"));
        Assert.Equal(new CommandId(0xEE, false), sys.Id);
    }

    [Fact]
    public void Boot_log_noise_before_a_reply_is_skipped_and_counted()
    {
        var d = new BekenReplyDecoder();
        var noise = "wait uart download timeout: 400\r\n\x04junk"u8.ToArray();
        d.Push(noise);
        d.Push(Hex("04 0E 05 01"));
        Assert.False(d.TryRead(out _));
        d.Push(Hex("E0 FC 01 00"));
        Assert.True(d.TryRead(out var r));
        Assert.Equal(new CommandId(0x01, false), r.Id);
        Assert.Equal(noise.Length, d.DiscardedBytes);
    }

    [Fact]
    public void An_implausible_long_length_is_garbage_not_a_reason_to_wait()
    {
        var d = new BekenReplyDecoder();
        d.Push(Hex("04 0E FF 01 E0 FC F4 FF FF 09"));
        d.Push(Hex("04 0E 05 01 E0 FC 01 00"));
        Assert.True(d.TryRead(out var r));
        Assert.Equal(new CommandId(0x01, false), r.Id);
    }

    [Fact]
    public void Frames_split_at_every_byte_boundary_decode_the_same()
    {
        var bytes = Hex("04 0E 08 01 E0 FC 10 11 22 33 44 04 0E 05 01 E0 FC 01 00");
        var d = new BekenReplyDecoder();
        var ids = new List<CommandId>();
        foreach (var b in bytes)
        {
            d.Push([b]);
            while (d.TryRead(out var r)) ids.Add(r.Id);
        }
        Assert.Equal(new[] { new CommandId(0x10, false), new CommandId(0x01, false) }, ids);
    }
}
