using BkConsole.Core.Errors;
using BkConsole.Core.Flash;
using BkConsole.Devices.Spi;
using BkConsole.Devices.Spi.Ch341a;
using BkConsole.Simulator.Spi;
using BkConsole.TestKit;

namespace BkConsole.Tests.Spi;

public sealed class SpiFlashServiceTests
{
    private static byte[] Pattern(int n, int seed)
    {
        var b = new byte[n];
        new Random(seed).NextBytes(b);
        return b;
    }

    [Fact]
    public void The_SDK_protection_0x4004_is_detected_writes_are_refused_and_unprotect_clears_it()
    {
        var (rig, service) = SpiRigs.Create(success: 1);
        using var _ = service;
        var info = service.Connect(null, CancellationToken.None);
        Assert.Equal(0x4004, info.Status);
        Assert.Equal((0L, 0x3F0000L), (info.ProtectedStart, info.ProtectedLength));

        var ex = Assert.Throws<BkException>(() => service.Write(0x11000, new byte[256], true, null, CancellationToken.None));
        Assert.Contains("write-protected at 0x000000-0x3effff (status 0x4004, the Beken SDK's CMP+BP0)", ex.Message);
        Assert.Contains("bkconsole spi unprotect", ex.Advice);
        Assert.False(rig.Flash.Modified);

        // The unprotected last 64 KiB may still be written.
        service.Write(0x3F0000, Pattern(4096, 1), true, null, CancellationToken.None);

        Assert.Equal(0x0000, service.Unprotect(null, CancellationToken.None));
        Assert.Equal(0, rig.Flash.Status);
        Assert.False(service.Info.IsProtected);
        service.Write(0x11000, Pattern(4096, 2), true, null, CancellationToken.None);
        Assert.Equal(0, rig.Flash.RejectedWrites);
    }

    [Fact]
    public void Writing_an_unaligned_range_keeps_the_rest_of_its_sectors_and_verifies()
    {
        var original = SpiEmulatorRig.SampleImage(seed: 3);
        var (rig, service) = SpiRigs.Create(image: (byte[])original.Clone(), success: 1, protect: false);
        using var _ = service;
        service.Connect(null, CancellationToken.None);
        var data = Pattern(0x30000 + 123, 4);
        const int start = 0x1F080;
        var progress = new SpiRigs.Collect<SpiProgress>();

        service.Write(start, data, verify: true, progress, CancellationToken.None);

        var expected = (byte[])original.Clone();
        data.CopyTo(expected, start);
        Assert.Equal(expected, rig.Flash.Contents);
        Assert.Contains(progress.Items, p => p.Stage == SpiStage.Erasing);
        Assert.Contains(progress.Items, p => p.Stage == SpiStage.Programming && p.Done == p.Total);
        Assert.Contains(progress.Items, p => p.Stage == SpiStage.Verifying && p.Done == p.Total);
        Assert.Equal(data, service.Read(start, data.Length, verify: true, null, CancellationToken.None));
    }

    [Fact]
    public void A_full_4_MiB_write_then_verified_read_round_trips_against_the_emulator()
    {
        var (rig, service) = SpiRigs.Create(success: 1, protect: false);
        using var _ = service;
        service.Connect(null, CancellationToken.None);
        var image = Pattern(4 << 20, 5);
        image.AsSpan(0x200000, 0x1000).Fill(0xFF); // blank pages are skipped, still verified

        service.Write(0, image, verify: true, null, CancellationToken.None);
        var back = service.Read(0, image.Length, verify: false, null, CancellationToken.None);

        Assert.Equal(image, back);
        Assert.Equal(image, rig.Flash.Contents);
    }

    [Fact]
    public void Writing_skips_matching_sectors_and_programs_1_to_0_changes_without_erasing()
    {
        var (rig, service) = SpiRigs.Create(success: 1, protect: false);
        using var _ = service;
        service.Connect(null, CancellationToken.None);
        var image = rig.Flash.Contents.AsSpan(0, 0x40000).ToArray();
        image[0x5000] ^= 0xFF;                    // needs 0→1 somewhere: erase that sector
        image[0x9000] = 0x00;                     // only 1→0: program in place
        image.AsSpan(0x20000, 0x100).Fill(0x00);  // only 1→0

        var summary = service.Write(0, image, verify: true, null, CancellationToken.None);

        Assert.Equal(64 - 3, summary.SectorsUnchanged);
        Assert.Equal(1, summary.SectorsErased);
        Assert.Equal(image, rig.Flash.Contents.AsSpan(0, 0x40000).ToArray());
        Assert.True(summary.BytesProgrammed <= 4096 + 256 + 256, summary.ToString());
    }

    [Fact]
    public void Verify_reports_the_first_differing_address_with_both_bytes()
    {
        var (rig, service) = SpiRigs.Create(success: 1, protect: false);
        using var _ = service;
        service.Connect(null, CancellationToken.None);
        var expected = rig.Flash.Contents.AsSpan(0x1000, 0x100).ToArray();
        expected[0x42] ^= 0x5A;
        var ex = Assert.Throws<BkException>(() => service.VerifyOrThrow(0x1000, expected, null, CancellationToken.None));
        Assert.Equal($"Verify FAILED at 0x001042: expected 0x{expected[0x42]:x2}, found 0x{rig.Flash.Contents[0x1042]:x2}", ex.Message);
    }

    [Fact]
    public void A_plain_verify_mismatch_advises_writing_the_file_not_writing_again()
    {
        var (rig, service) = SpiRigs.Create(success: 1, protect: true);
        using var _ = service;
        service.Connect(null, CancellationToken.None);
        var expected = rig.Flash.Contents.AsSpan(0x11000, 0x100).ToArray();
        expected[0x10] ^= 0x5A;
        var ex = Assert.Throws<BkException>(() => service.VerifyOrThrow(0x11000, expected, null, CancellationToken.None, afterWrite: false));
        Assert.Contains("Verify FAILED at 0x011010", ex.Message);
        Assert.Contains("spi write FILE --start 0x11000 --unprotect", ex.Advice);
        Assert.DoesNotContain("write again", ex.Advice);
    }

    [Fact]
    public void Erase_refuses_ranges_that_are_not_sector_aligned_and_erases_aligned_ones()
    {
        var (rig, service) = SpiRigs.Create(success: 1, protect: false);
        using var _ = service;
        service.Connect(null, CancellationToken.None);
        Assert.Throws<UsageException>(() => service.Erase(0x1000, 0x800, null, CancellationToken.None));
        service.Erase(0x10000, 0x21000, null, CancellationToken.None);
        Assert.All(rig.Flash.Contents.AsSpan(0x10000, 0x21000).ToArray(), b => Assert.Equal(0xFF, b));
        Assert.NotEqual(0xFF, rig.Flash.Contents[0xFFFF] & rig.Flash.Contents[0xFFFE] & rig.Flash.Contents[0xFFFD]);
    }

    [Fact]
    public void A_dump_gets_the_same_manifest_as_UART_dumps_with_method_spi()
    {
        var (rig, service) = SpiRigs.Create(success: 1);
        using var _ = service;
        using var tmp = new TempFolder("spi");
        service.Connect(null, CancellationToken.None);
        var path = tmp.File("d.bin");

        var result = service.Dump(path, 0x10000, 0x20000, verify: true, null, CancellationToken.None);

        Assert.Null(result.GuardProblem);
        var m = DumpManifest.FromJson(File.ReadAllText(path + ".json"));
        Assert.Equal("spi", m.Method);
        Assert.Equal("bk7252", m.Chip);
        Assert.Equal("0b4016", m.FlashId);
        Assert.Equal((0x10000L, 0x20000L, 4L << 20), (m.Start, m.Length, m.FlashSize));
        Assert.True(m.Verified);
        Assert.Equal(DumpManifest.Digest(rig.Flash.Contents.AsSpan(0x10000, 0x20000)).Crc32, m.Crc32);
    }

    [Fact]
    public void An_unknown_chip_is_named_by_its_id_and_is_only_read()
    {
        var profile = SpiNorProfile.Xt25f32b with { JedecId = [0x12, 0x34, 0x16] };
        var usb = new Ch341aEmulator(new SpiNorFlashModel(profile));
        var master = new Ch341aSpiMaster(usb, "emulator");
        using var service = new SpiFlashService(master, master, new SpiFlashOptions { BekenEntry = false });
        var info = service.Connect(null, CancellationToken.None);
        Assert.Null(info.Chip);
        Assert.Equal(4L << 20, info.Size);
        Assert.Equal(256, service.Read(0, 256, false, null, CancellationToken.None).Length);
        var ex = Assert.Throws<BkException>(() => service.Erase(0, 4096, null, CancellationToken.None));
        Assert.StartsWith("Unknown flash chip: JEDEC id 12 34 16 is not in bkconsole's chip table", ex.Message);
    }

    [Fact]
    public void A_read_can_be_cancelled_between_batches()
    {
        var (_, service) = SpiRigs.Create(success: 1);
        using var _ = service;
        service.Connect(null, CancellationToken.None);
        using var cts = new CancellationTokenSource();
        var progress = new SpiRigs.Collect<SpiProgress> { Also = p => { if (p.Done >= 0x20000) cts.Cancel(); } };
        Assert.ThrowsAny<OperationCanceledException>(() => service.Read(0, 4 << 20, false, progress, cts.Token));
        Assert.Equal(0x20000, progress.Items[^1].Done);
    }
}
