using System.Text.Json;
using BkConsole.Cli;
using BkConsole.Devices.Images;
using BkConsole.TestKit;

namespace BkConsole.Tests.Diagnose;

public sealed class ImageCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => Support.CliHarness.Run(args);

    /// <summary>A BK7231N-style dump: packed bootloader + app with the app RBL at the end of the Tuya N app partition.</summary>
    private static byte[] Bk7231NDump()
    {
        var img = new byte[2 * 1024 * 1024];
        img.AsSpan().Fill(0xFF);
        long logicalEnd = Crc16Packing.ToLogical(0x12A000);
        var logical = new byte[logicalEnd];
        logical.AsSpan().Fill(0xFF);
        var app = new byte[0x30000];
        new Random(5).NextBytes(app);
        app.CopyTo(logical, 0x10000);
        RblHeader.For(app, "app", "1.0.0").ToBytes().CopyTo(logical, logicalEnd - 0x60);
        Crc16Packing.Pack(logical).CopyTo(img, 0);
        return img;
    }

    [Fact]
    public void Image_info_json_names_the_layout_and_the_app_rbl()
    {
        using var tmp = new TempFolder("img");
        File.WriteAllBytes(tmp.File("d.bin"), Bk7231NDump());
        var (code, output, err) = Run("image", "info", tmp.File("d.bin"), "--json");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal("tuya-bk7231n", root.GetProperty("layout").GetString());
        var rbl = root.GetProperty("rbl").EnumerateArray().Single();
        Assert.Equal("0x129f9a", rbl.GetProperty("offset").GetString());
        Assert.True(rbl.GetProperty("packageCrcValid").GetBoolean());
        Assert.True(root.GetProperty("valid").GetBoolean());
    }

    [Fact]
    public void Image_info_text_flags_a_blank_dump_and_fails()
    {
        using var tmp = new TempFolder("img");
        File.WriteAllBytes(tmp.File("ff.bin"), Enumerable.Repeat((byte)0xFF, 0x200000).ToArray());
        var (code, output, _) = Run("image", "info", tmp.File("ff.bin"));
        Assert.Equal(1, code);
        Assert.Contains("NOT A GOOD DUMP", output);
        Assert.DoesNotContain("\u001b[", output);
    }

    [Fact]
    public void Decrc_then_crc_gives_the_image_back_and_a_bad_block_is_reported_by_offset()
    {
        using var tmp = new TempFolder("img");
        var plain = new byte[32 * 100];
        new Random(2).NextBytes(plain);
        var packed = Crc16Packing.Pack(plain);
        File.WriteAllBytes(tmp.File("p.bin"), packed);
        Assert.Equal(0, Run("image", "decrc", tmp.File("p.bin"), "-o", tmp.File("plain.bin")).Code);
        Assert.Equal(plain, File.ReadAllBytes(tmp.File("plain.bin")));
        Assert.Equal(0, Run("image", "crc", tmp.File("plain.bin"), "-o", tmp.File("again.bin")).Code);
        Assert.Equal(packed, File.ReadAllBytes(tmp.File("again.bin")));

        packed[34 * 7 + 1] ^= 0x10;
        File.WriteAllBytes(tmp.File("bad.bin"), packed);
        var (code, output, _) = Run("image", "decrc", tmp.File("bad.bin"), "-o", tmp.File("out.bin"));
        Assert.Equal(1, code);
        Assert.Contains("1 bad", output);
        Assert.Contains("0x0000ee", output);
    }

    [Fact]
    public void Crc_refuses_an_image_that_is_already_packed()
    {
        using var tmp = new TempFolder("img");
        var plain = new byte[32 * 100];
        new Random(3).NextBytes(plain);
        File.WriteAllBytes(tmp.File("p.bin"), Crc16Packing.Pack(plain));
        var (code, _, err) = Run("image", "crc", tmp.File("p.bin"), "-o", tmp.File("o.bin"));
        Assert.Equal(1, code);
        Assert.Contains("already CRC-packed", err);
        Assert.Contains("--force", err);
    }

    [Fact]
    public void A_missing_image_is_a_failed_input()
    {
        var (code, _, err) = Run("image", "info", "/nonexistent/dump.bin");
        Assert.Equal(1, code);
        Assert.Contains("file not found", err);
    }
}
