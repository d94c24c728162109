using System.Text.RegularExpressions;
using BkConsole.Cli;
using BkConsole.Core.Flash;
using BkConsole.Storage;
using BkConsole.TestKit;

namespace BkConsole.Tests.Spi;

public sealed class SpiCliTests
{
    private static (int Rc, string Out, string Err) Run(params string[] args) => Support.CliHarness.Run(args);

    [Fact]
    public void Spi_id_on_the_emulator_names_the_XT25F32B_and_its_SDK_protection()
    {
        var (rc, o, e) = Run("spi", "id", "--programmer", "emulator");
        Assert.Equal(0, rc);
        Assert.Contains("JEDEC id 0B 40 16: XTX XT25F32B, 4096 KiB, status 0x4004 (write-protected 0x000000-0x3effff)", o);
        Assert.Contains("entering SPI mode: attempt 1/1000", e);
    }

    [Fact]
    public void Spi_read_to_a_folder_or_with_a_folder_as_emulated_image_is_a_usage_error_not_a_crash()
    {
        using var tmp = new TempFolder("spicli");
        var (rc, _, e) = Run("spi", "read", "--programmer", "emulator", "-o", tmp.Path, "--length", "4K", "--no-store");
        Assert.Equal(2, rc);
        Assert.Contains("is a folder", e);
        Assert.DoesNotContain("entering SPI mode", e); // refused before the slow entry, not after the read
        (rc, _, e) = Run("spi", "id", "--programmer", "emulator", "--emulated-image", tmp.Path);
        Assert.Equal(2, rc);
        Assert.Contains("is a folder", e);
    }

    [Fact]
    public void Spi_read_writes_the_image_its_manifest_a_store_record_and_a_USB_trace()
    {
        using var tmp = new TempFolder("spicli");
        var bin = tmp.File("dump.bin");
        var (rc, o, e) = Run("spi", "read", "--programmer", "emulator", "-o", bin, "--start", "0x10000", "--length", "64K",
            "--db", tmp.File("store.db"), "--usb-trace", tmp.File("usb.txt"));
        Assert.True(rc == 0, e);
        Assert.Equal(0x10000, new FileInfo(bin).Length);
        var m = DumpManifest.FromJson(File.ReadAllText(bin + ".json"));
        Assert.Equal(("spi", "0b4016", "spi-0b4016", true), (m.Method, m.FlashId, m.Device, m.Verified));
        Assert.Contains("recorded as dump #1", o);
        using (var store = BkStore.Open(tmp.File("store.db")))
            Assert.Equal(m.Sha256, store.Dumps("spi-0b4016").Single().Manifest.Sha256);

        // stderr is not a terminal here: plain progress lines, no carriage-return redraws.
        Assert.DoesNotContain('\r', e);
        Assert.Contains("reading: 64/64 KiB", e);

        var lines = File.ReadAllLines(tmp.File("usb.txt"));
        Assert.Equal("OUT 02 AA 61 00", lines[0]);
        Assert.All(lines, l => Assert.Matches(new Regex("^(OUT 02|IN 82)( [0-9A-F]{2})+$"), l));
        Assert.Contains(lines, l => l.StartsWith("IN 82 ", StringComparison.Ordinal));
    }

    [Fact]
    public void Spi_write_is_refused_while_protected_and_works_with_unprotect_saving_the_emulated_image()
    {
        using var tmp = new TempFolder("spicli");
        var image = tmp.File("flash.bin");
        var data = tmp.File("data.bin");
        var payload = new byte[5000];
        new Random(3).NextBytes(payload);
        File.WriteAllBytes(data, payload);

        var refused = Run("spi", "write", data, "--programmer", "emulator", "--emulated-image", image, "--start", "0x11000");
        Assert.Equal(1, refused.Rc);
        Assert.Contains("Refusing to write: the flash is write-protected", refused.Err);
        Assert.Contains("--unprotect", refused.Err);

        var ok = Run("spi", "write", data, "--programmer", "emulator", "--emulated-image", image, "--start", "0x11000", "--unprotect");
        Assert.True(ok.Rc == 0, ok.Err);
        Assert.Contains("protection cleared: status 0x4004 -> 0x0000 (was the Beken SDK's CMP+BP0)", ok.Out);
        Assert.Contains("wrote 5000 bytes at 0x011000", ok.Out);
        Assert.Equal(payload, File.ReadAllBytes(image).AsSpan(0x11000, payload.Length).ToArray());

        var verify = Run("spi", "verify", data, "--programmer", "emulator", "--emulated-image", image, "--start", "0x11000");
        Assert.True(verify.Rc == 0, verify.Err);
        Assert.Contains("VERIFIED 5000 bytes at 0x011000", verify.Out);
    }

    [Fact]
    public void Spi_erase_without_a_range_asks_for_one_and_bad_numbers_are_usage_errors()
    {
        var (rc, _, e) = Run("spi", "erase", "--programmer", "emulator");
        Assert.Equal(2, rc);
        Assert.Contains("Say what to erase", e);

        (rc, _, e) = Run("spi", "read", "--programmer", "emulator", "-o", "/tmp/x.bin", "--start", "zz", "--no-store");
        Assert.Equal(2, rc);
        Assert.Contains("--start 'zz' is not a number", e);
    }

    [Fact]
    public void Without_a_CH341A_the_ch341a_programmer_explains_what_is_missing()
    {
        var (rc, _, e) = Run("spi", "id");
        Assert.Equal(1, rc);
        Assert.True(e.Contains("No CH341A programmer (USB 1a86:5512) found") || e.Contains("libusb-1.0 is not installed"), e);
    }
}
