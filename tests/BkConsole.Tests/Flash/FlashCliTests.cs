using BkConsole.Cli;
using BkConsole.Core.Chips;
using BkConsole.Core.Flash;
using BkConsole.Simulator.Device;
using BkConsole.TestKit;

namespace BkConsole.Tests.Flash;

/// <summary>`bkconsole flash …` as a user runs it: the real CLI, a real pty, the simulated chip, a real store file.</summary>
public sealed class FlashCliTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => Support.CliHarness.Run(args);

    [Fact]
    public void Read_saves_a_verified_dump_records_it_and_then_write_and_verify_work()
    {
        using var dir = new TempFolder("cli");
        using var sim = SimHost.Start(new SimOptions { Chip = ChipProfiles.Bk7231N, Pacing = false, StartInDownloadMode = true });
        var db = dir.File("store.db");
        var image = dir.File("n.bin");
        var app = dir.File("app.bin");
        File.WriteAllBytes(app, Enumerable.Range(0, 0x3000).Select(i => (byte)(i * 13)).ToArray());

        var refused = Run("flash", "write", "--port", sim.SlavePath, app, "--device", "plug", "--db", db);
        Assert.Equal(1, refused.Code);
        Assert.Contains("no verified full backup of device 'plug'", refused.Err);

        var read = Run("flash", "read", "--port", sim.SlavePath, "-o", image, "--device", "plug", "--db", db, "--baud", "921600");
        Assert.True(read.Code == 0, read.Err);
        Assert.Contains($"saved {image}", read.Out);
        Assert.Contains("recorded as verified full backup", read.Err);
        Assert.Equal(sim.Device.Flash.Snapshot(), File.ReadAllBytes(image));
        Assert.True(DumpManifest.FromJson(File.ReadAllText(image + ".json")).Verified);

        var write = Run("flash", "write", "--port", sim.SlavePath, app, "--start", "0x1E0000", "--device", "plug", "--db", db);
        Assert.True(write.Code == 0, write.Err);
        Assert.Contains("wrote and verified 12288 bytes at 0x1e0000", write.Out);

        var same = Run("flash", "verify", "--port", sim.SlavePath, app, "--start", "0x1E0000");
        Assert.True(same.Code == 0, same.Err);
        Assert.Contains("identical", same.Out);
        var differs = Run("flash", "verify", "--port", sim.SlavePath, image, "--start", "0");
        Assert.Equal(1, differs.Code);
        Assert.Contains("0x1e0000, 0x1e1000, 0x1e2000", differs.Out);
    }

    [Fact]
    public void Info_names_chip_bootloader_flash_and_protection()
    {
        using var sim = SimHost.Start(new SimOptions { Chip = ChipProfiles.Bk7231N, Pacing = false, StartInDownloadMode = true });
        var info = Run("flash", "info", "--port", sim.SlavePath);
        Assert.True(info.Code == 0, info.Err);
        Assert.Contains("chip:        bk7231n", info.Out);
        Assert.Contains("flash:       2 MiB", info.Out);
        Assert.Contains("jedec:       eb6015", info.Out);
        Assert.Contains("write-protected", info.Out);
        Assert.Contains("efuse key:   510fb093 a3cbeadc 5993a17e c7adeb03 (Tuya)", info.Out);
        Assert.Matches(@"mac:         c8:47:8c:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2} \(from TLV sector 0x1d0000\)", info.Out);
    }

    [Fact]
    public void Info_on_a_basic_chip_says_the_rom_does_not_expose_efuse()
    {
        using var sim = SimHost.Start(new SimOptions { Chip = ChipProfiles.Bk7252, Pacing = false, StartInDownloadMode = true });
        var info = Run("flash", "info", "--port", sim.SlavePath);
        Assert.True(info.Code == 0, info.Err);
        Assert.Contains("efuse key:   not readable: the BasicBeken boot code has no register access", info.Out);
        Assert.Contains("mac:         not readable over this protocol", info.Out);
    }

    [Fact]
    public void Info_json_has_every_field_for_a_full_chip_and_nulls_with_reasons_for_a_basic_one()
    {
        using (var sim = SimHost.Start(new SimOptions { Chip = ChipProfiles.Bk7231N, Pacing = false, StartInDownloadMode = true }))
        {
            var info = Run("flash", "info", "--port", sim.SlavePath, "--json");
            Assert.True(info.Code == 0, info.Err);
            using var doc = System.Text.Json.JsonDocument.Parse(info.Out);
            var o = doc.RootElement;
            Assert.Equal("bk7231n", o.GetProperty("chip").GetString());
            Assert.Equal("Full", o.GetProperty("protocol").GetString());
            Assert.Equal("inclusive", o.GetProperty("crcEnd").GetString());
            Assert.Equal(2 * 1024 * 1024, o.GetProperty("flashSize").GetInt64());
            Assert.Equal("eb6015", o.GetProperty("jedec").GetString());
            Assert.True(o.GetProperty("protected").GetBoolean());
            Assert.StartsWith("0x", o.GetProperty("statusRegister").GetString());
            Assert.Equal("510fb093 a3cbeadc 5993a17e c7adeb03", o.GetProperty("efuseKey").GetString());
            Assert.Equal("Tuya", o.GetProperty("efuseKeyKind").GetString());
            Assert.Equal(64, o.GetProperty("efuse").GetString()!.Length);
            Assert.Matches("^c8:47:8c(:[0-9a-f]{2}){3}$", o.GetProperty("mac").GetString());
            Assert.False(string.IsNullOrEmpty(o.GetProperty("bootloader").GetString()));
        }
        using (var sim = SimHost.Start(new SimOptions { Chip = ChipProfiles.Bk7252, Pacing = false, StartInDownloadMode = true }))
        {
            var info = Run("flash", "info", "--port", sim.SlavePath, "--json");
            Assert.True(info.Code == 0, info.Err);
            using var doc = System.Text.Json.JsonDocument.Parse(info.Out);
            var o = doc.RootElement;
            Assert.Equal("bk7252", o.GetProperty("chip").GetString());
            Assert.Equal(System.Text.Json.JsonValueKind.Null, o.GetProperty("efuseKey").ValueKind);
            Assert.Contains("no register access", o.GetProperty("efuseUnavailable").GetString());
            Assert.Equal(System.Text.Json.JsonValueKind.Null, o.GetProperty("mac").ValueKind);
            Assert.Contains("not readable", o.GetProperty("macSource").GetString());
            Assert.Equal(System.Text.Json.JsonValueKind.Null, o.GetProperty("jedec").ValueKind);
            Assert.Contains("0x0-0x10fff", o.GetProperty("protectedArea").GetString());
        }
    }

    [Theory]
    [InlineData("flash info")]
    [InlineData("flash read")]
    [InlineData("flash write")]
    [InlineData("flash verify")]
    public void Flash_help_is_in_sentence_case_and_shares_the_db_wording(string verb)
    {
        var (code, output, _) = Run([.. verb.Split(' '), "--help"]);
        Assert.Equal(0, code);
        foreach (var row in output.Split('\n').Where(l => l.StartsWith("  ", StringComparison.Ordinal) && l.Contains("   ", StringComparison.Ordinal)))
        {
            var text = row.Trim();
            int gap = text.IndexOf("  ", StringComparison.Ordinal);
            if (gap < 0) continue;
            var description = text[gap..].Trim();
            if (description.Length == 0 || !char.IsLetter(description[0])) continue;
            Assert.True(char.IsUpper(description[0]), $"{verb}: '{text}'");
        }
        var db = output.Split('\n').SingleOrDefault(l => l.TrimStart().StartsWith("--db", StringComparison.Ordinal));
        if (db != null) Assert.EndsWith(StoreCommands.DbDescription, db.TrimEnd());
    }

    [Theory]
    [InlineData("0x11800", "", "not 4 KiB aligned")]
    [InlineData("0x3F0000", "bk7231n", "beyond the 2 MiB flash of bk7231n")]
    [InlineData("0x1000", "", "wholly in the bootloader area")]
    public void Write_refuses_a_bad_range_before_touching_the_port(string start, string chip, string message)
    {
        using var dir = new TempFolder("cli");
        var app = dir.File("app.bin");
        File.WriteAllBytes(app, new byte[0x8000]);
        var args = new List<string> { "flash", "write", "--port", dir.File("no-such-port"), app, "--start", start, "--no-backup-check" };
        if (chip.Length > 0) args.AddRange(["--chip", chip]);
        var r = Run([.. args]);
        Assert.Equal(2, r.Code);
        Assert.Contains(message, r.Err);
        Assert.DoesNotContain("no-such-port", r.Err);
    }

    [Fact]
    public void Verify_refuses_an_image_larger_than_any_flash_before_touching_the_port()
    {
        using var dir = new TempFolder("cli");
        var big = dir.File("big.bin");
        File.WriteAllBytes(big, new byte[5 * 1024 * 1024]);
        var r = Run("flash", "verify", "--port", dir.File("no-such-port"), big, "--start", "0");
        Assert.Equal(2, r.Code);
        Assert.Contains("beyond any supported chip", r.Err);
    }

    [Fact]
    public void Progress_on_a_terminal_draws_the_finished_bar_once_even_when_the_end_is_reported_twice()
    {
        var err = new StringWriter();
        var bar = new FlashCommands.ProgressRenderer(err, redraw: true);
        bar.Report(new Devices.Flash.FlashProgress("read", 2048, 4096, 1000, null, 0));
        bar.Report(new Devices.Flash.FlashProgress("read", 4096, 4096, 1000, null, 0));
        bar.Report(new Devices.Flash.FlashProgress("read", 4000, 4096, 1000, null, 0));
        bar.Report(new Devices.Flash.FlashProgress("read", 4096, 4096, 1000, null, 0));
        var text = err.ToString();
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(text, @"100\.0%"));
        Assert.Equal(1, text.Count(c => c == '\n'));
    }

    [Theory]
    [InlineData("0x11000", 0x11000)]
    [InlineData("69632", 69632)]
    [InlineData("4M", 4 * 1024 * 1024)]
    [InlineData("64k", 65536)]
    public void Numbers_accept_hex_decimal_and_suffixes(string text, long expected) =>
        Assert.Equal(expected, FlashCommands.ParseNumber(text, "--start"));

    [Fact]
    public void A_bad_number_is_a_usage_error()
    {
        var r = Run("flash", "read", "--port", "/dev/null", "--start", "0xZZ");
        Assert.Equal(2, r.Code);
        Assert.Contains("'0xZZ' is not a number", r.Err);
    }

    [Fact]
    public void Progress_to_a_file_or_pipe_is_one_plain_line_per_tenth_not_carriage_return_redraws()
    {
        var err = new StringWriter();
        var renderer = new BkConsole.Cli.FlashCommands.ProgressRenderer(err, redraw: false);
        for (int i = 0; i <= 1000; i++)
            renderer.Report(new BkConsole.Devices.Flash.FlashProgress("read", i * 4096L, 1000 * 4096L, 150_000, null, 0));
        renderer.Report(new BkConsole.Devices.Flash.FlashProgress("read", 1000 * 4096L, 1000 * 4096L, 150_000, null, 0));
        var text = err.ToString();
        Assert.DoesNotContain("\r", text);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(11, lines.Length);
        Assert.StartsWith("read 0%", lines[0]);
        Assert.StartsWith("read 100%", lines[^1]);
    }
}
