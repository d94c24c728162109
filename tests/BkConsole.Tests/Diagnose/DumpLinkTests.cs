using BkConsole.Cli;
using BkConsole.Core.Events;
using BkConsole.Core.Flash;
using BkConsole.Storage;
using BkConsole.TestKit;

namespace BkConsole.Tests.Diagnose;

public sealed class DumpLinkTests
{
    [Fact]
    public void Image_info_with_a_store_names_the_device_and_the_boots_around_the_dump()
    {
        using var tmp = new TempFolder("links");
        var db = tmp.File("s.db");
        var image = new byte[0x200000];
        new Random(4).NextBytes(image);
        File.WriteAllBytes(tmp.File("d.bin"), image);
        var t = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
        var (crc, sha) = DumpManifest.Digest(image);
        using (var store = BkStore.Open(db))
        {
            store.UpsertDevice(new DeviceRecord("c8:47:8c:42:00:48") { Name = "doorbell", Chip = "bk7252" });
            using (var w = store.BeginCapture(new CaptureStart(CaptureSource.Port, "ttyUSB0", null) { Device = "c8:47:8c:42:00:48" }, CaptureWriterOptions.ForImport))
            {
                w.Add(new LogLine(0, 1, t.AddMinutes(-5), "V(0.1.3)", "V(0.1.3)\n"u8.ToArray(), LineEnding.Lf));
                w.Add(new BootRecord(1, 1, 1, "V(0.1.3)", "rtthread", 0x10000, null, 0) { Start = t.AddMinutes(-5) });
                w.Add(new BootRecord(2, 2, 2, "V(0.1.3)", "rtthread", 0x10000, null, 0) { Start = t.AddHours(-5) });
                Assert.True(w.Complete(TimeSpan.FromSeconds(20)));
            }
            store.RecordDump(new DumpManifest
            {
                Chip = "bk7252", Method = "uart", FlashSize = image.Length, Length = image.Length, Crc32 = crc, Sha256 = sha,
                Time = t, Device = "c8:47:8c:42:00:48", Verified = true,
            });
        }
        var o = new StringWriter();
        CliRunner.Run(Program.BuildRoot(), ["image", "info", tmp.File("d.bin"), "--db", db], o, new StringWriter());
        var text = o.ToString();
        Assert.Contains("device c8:47:8c:42:00:48 (doorbell)", text);
        Assert.Contains("boot 1 at 2026-03-01 09:55:00", text);
        Assert.DoesNotContain("boot 2 at", text);
    }
}
