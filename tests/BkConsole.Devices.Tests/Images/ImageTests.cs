using BkConsole.Core.Checksums;
using BkConsole.Core.Layouts;
using BkConsole.Devices.Images;
using CsCheck;

namespace BkConsole.Devices.Tests.Images;

public sealed class Crc16PackingTests
{
    [Fact]
    public void Pack_then_unpack_gives_the_bytes_back_padded_to_32()
    {
        Gen.Byte.Array[0, 300].Sample(data =>
        {
            var packed = Crc16Packing.Pack(data);
            Assert.Equal((data.Length + 31) / 32 * 34, packed.Length);
            var u = Crc16Packing.Unpack(packed);
            Assert.Equal(0, u.BadBlocks);
            Assert.Equal(data, u.Plain.AsSpan(0, data.Length).ToArray());
            Assert.All(u.Plain.Skip(data.Length), b => Assert.Equal(0xFF, b));
        });
    }

    [Fact]
    public void Each_block_ends_with_its_crc16_cms_big_endian()
    {
        var data = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var packed = Crc16Packing.Pack(data);
        ushort crc = Crc16Cms.Compute(data);
        Assert.Equal((byte)(crc >> 8), packed[32]);
        Assert.Equal((byte)crc, packed[33]);
    }

    [Fact]
    public void Bad_blocks_are_reported_by_physical_offset_and_erased_blocks_are_not_bad()
    {
        var packed = Crc16Packing.Pack(new byte[32 * 10]);
        packed[5 * 34 + 3] ^= 0x40;
        packed[8 * 34 + 33] ^= 0x01;
        var erased = Enumerable.Repeat((byte)0xFF, 34 * 2);
        var u = Crc16Packing.Unpack(packed.Concat(erased).ToArray());
        Assert.Equal([170L, 272L], u.BadOffsets);
        Assert.Equal(2, u.BadBlocks);
        Assert.Equal(2, u.EmptyBlocks);
        Assert.Equal(8, u.GoodBlocks);
    }

    [Fact]
    public void Logical_0x10000_is_physical_0x11000()
    {
        Assert.Equal(0x11000, Crc16Packing.ToPhysical(0x10000));
        Assert.Equal(0x10000, Crc16Packing.ToLogical(0x11000));
    }
}

public sealed class RblHeaderTests
{
    [Fact]
    public void A_built_header_parses_back_with_a_valid_info_crc()
    {
        var pkg = new byte[1000];
        new Random(3).NextBytes(pkg);
        var bytes = RblHeader.For(pkg, "app", "1.2.3", 1_700_000_000).ToBytes();
        Assert.Equal(96, bytes.Length);
        Assert.Equal("RBL\0"u8.ToArray(), bytes[..4]);
        var h = RblHeader.TryParse(bytes)!;
        Assert.True(h.InfoCrcValid);
        Assert.Equal("app", h.Name);
        Assert.Equal("1.2.3", h.Version);
        Assert.Equal(1000u, h.SizeRaw);
        Assert.Equal(BekenCrc32.Zlib(pkg), h.Crc32);
        Assert.Equal("none", h.Compression);
        bytes[20] ^= 1;
        Assert.False(RblHeader.TryParse(bytes)!.InfoCrcValid);
    }

    [Fact]
    public void Fnv1a_matches_the_reference_vector()
    {
        Assert.Equal(0x811C9DC5u, RblHeader.Fnv1a([]));
        Assert.Equal(0xE40C292Cu, RblHeader.Fnv1a("a"u8));
    }
}

public sealed class ImageAnalyzerTests
{
    [Fact]
    public void A_tuya_bk7231t_dump_is_recognised_with_its_rbl_headers_and_storage()
    {
        var r = ImageAnalyzer.Analyze(ImageBuilder.TuyaBk7231T().Image);
        Assert.Empty(r.IntegrityProblems);
        Assert.Contains("bk7231t", r.ChipCandidates);
        Assert.Equal("tuya-bk7231t", r.Layout.Layout?.Id);
        var boot = Assert.Single(r.RblHeaders, h => h.Header.Name == "bootloader");
        Assert.Equal(0x10F9A, boot.Offset);
        Assert.True(boot.Packed);
        Assert.True(boot.PackageCrcValid);
        var app = Assert.Single(r.RblHeaders, h => h.Header.Name == "app");
        Assert.Equal(FlashLayouts.TuyaBk7231T.AppRblOffset, app.Offset);
        Assert.True(app.PackageCrcValid);
        var region = Assert.Single(r.PackedRegions);
        Assert.Equal(0, region.Start);
        Assert.Equal(0, region.BadBlocks);
        Assert.NotNull(r.TuyaStorage);
        Assert.Equal(0x1D8000, r.TuyaStorage!.KeyBlockOffset);
        Assert.Contains(r.TuyaStorage.Values, kv => kv.Key == "ssid" && kv.Value == "MyHomeWifi");
        Assert.Contains("auth_key", r.TuyaStorage.SecretNames);
    }

    [Fact]
    public void Secrets_are_masked_unless_asked_for()
    {
        var r = ImageAnalyzer.Analyze(ImageBuilder.TuyaBk7231T().Image);
        var pw = r.TuyaStorage!.Values.Single(v => v.Key == "passwd");
        Assert.Equal("(hidden, 8 chars)", TuyaStorageReport.Display(pw, showSecrets: false));
        Assert.Equal("hunter22", TuyaStorageReport.Display(pw, showSecrets: true));
        var country = r.TuyaStorage.Values.Single(v => v.Key == "country");
        Assert.Equal("EU", TuyaStorageReport.Display(country, showSecrets: false));
    }

    [Fact]
    public void The_master_key_encrypts_erased_flash_to_the_known_pattern()
    {
        var ff = Enumerable.Repeat((byte)0xFF, 16).ToArray();
        Assert.Equal("46DCED0E672F3B70AE1276A3F8712E03", Convert.ToHexString(TuyaStorage.EncryptMaster(ff)));
    }

    [Fact]
    public void Bad_blocks_inside_the_app_are_reported_by_offset()
    {
        var img = ImageBuilder.TuyaBk7231T().Image;
        img[0x20000 + 34 * 3 + 5] ^= 0xFF;
        var region = Assert.Single(ImageAnalyzer.Analyze(img).PackedRegions);
        long bad = Assert.Single(region.BadOffsets);
        Assert.Equal((0x20000 / 34 + 3) * 34, bad);
    }

    [Fact]
    public void Openbeken_on_bk7231n_is_told_apart_by_its_littlefs()
    {
        var img = new ImageBuilder(2 * 1024 * 1024).BootloaderAndApp(FlashLayouts.TuyaBk7231N.Find("app")!.End!.Value).LittleFs(0x12B000).Image;
        var r = ImageAnalyzer.Analyze(img);
        Assert.Equal("openbeken-bk7231n", r.Layout.Layout?.Id);
        Assert.Contains(0x12B000L, r.LittleFsOffsets);
        Assert.Null(r.TuyaStorage);
    }

    [Fact]
    public void A_bk7252_with_an_app2_slot_is_the_tuya_doorbell_layout()
    {
        var img = new ImageBuilder(4 * 1024 * 1024).BootloaderAndApp(0x150000).PackedAt(0x1BA000, 0x40000).Image;
        var r = ImageAnalyzer.Analyze(img);
        Assert.Equal("tuya-bk7252-doorbell", r.Layout.Layout?.Id);
        Assert.Equal(2, r.PackedRegions.Count);
        Assert.Equal(0x1BA000, r.PackedRegions[1].Start);
    }

    [Fact]
    public void A_bk7252_with_the_app_rbl_at_0x1cb000_and_an_ota_package_is_the_libretiny_layout()
    {
        var img = new ImageBuilder(4 * 1024 * 1024).BootloaderAndApp(0x1CB000).OtaPackageAt(0x2EC000, 5000).Image;
        var r = ImageAnalyzer.Analyze(img);
        Assert.Equal("libretiny-bk7252", r.Layout.Layout?.Id);
        var ota = Assert.Single(r.RblHeaders, h => !h.Packed);
        Assert.Equal(0x2EC000, ota.Offset);
        Assert.True(ota.PackageCrcValid);
        Assert.Contains("download", ota.Partition);
    }

    [Fact]
    public void A_dump_without_markers_gets_no_layout_verdict()
    {
        var img = new byte[2 * 1024 * 1024];
        new Random(9).NextBytes(img);
        Assert.Null(ImageAnalyzer.Analyze(img).Layout.Layout);
    }

    [Theory]
    [InlineData(0xFF, "every byte is 0xFF")]
    [InlineData(0x00, "every byte is 0x00")]
    public void Blank_images_fail_the_integrity_guard(byte fill, string problem)
    {
        var img = Enumerable.Repeat(fill, 0x200000).ToArray();
        Assert.Contains(ImageAnalyzer.Analyze(img).IntegrityProblems, p => p.StartsWith(problem));
    }

    [Fact]
    public void A_4mib_read_of_a_2mib_flash_is_caught_as_a_wrap()
    {
        var half = ImageBuilder.TuyaBk7231T().Image;
        var r = ImageAnalyzer.Analyze(half.Concat(half).ToArray());
        Assert.Contains(r.IntegrityProblems, p => p.Contains("repeats the first"));
    }

    [Fact]
    public void A_stuck_read_repeating_one_sector_is_caught()
    {
        var sector = new byte[0x1000];
        new Random(1).NextBytes(sector);
        var img = Enumerable.Range(0, 512).SelectMany(i => i % 2 == 0 ? sector : new byte[0x1000].Select(_ => (byte)0xFF)).ToArray();
        Assert.Contains(ImageAnalyzer.Analyze(img).IntegrityProblems, p => p.Contains("same 4 KiB"));
    }

    [Fact]
    public void Odd_sizes_are_named()
    {
        var r = ImageAnalyzer.Analyze(new byte[12345].Select((_, i) => (byte)i).ToArray());
        Assert.Contains("no known flash size", r.SizeVerdict);
        Assert.Contains(r.IntegrityProblems, p => p.Contains("4 KiB sectors"));
    }

    [Fact]
    public void Bootloader_crcs_are_computed_over_256_and_257_bytes()
    {
        var img = ImageBuilder.TuyaBk7231T().Image;
        var (match, c256, c257) = KnownBootloaders.Identify(img);
        Assert.Null(match);
        Assert.Equal(BekenCrc32.Zlib(img.AsSpan(0, 256)), c256);
        Assert.Equal(BekenCrc32.Zlib(img.AsSpan(0, 257)), c257);
        Assert.Equal(12, KnownBootloaders.All.Select(b => b.Crc).Distinct().Count());
    }
}
