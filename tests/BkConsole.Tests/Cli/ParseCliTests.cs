using System.Text.Json;
using BkConsole.Cli;
using BkConsole.TestKit;

namespace BkConsole.Tests.Cli;

/// <summary><c>bkconsole parse</c> and <c>bkconsole boots</c> end to end through the real command line.</summary>
public sealed class ParseCliTests
{
    private const string Doorbell = "06_bk7252-a13cam-bootloader-app-verify-failed-rtthread-fal.log";

    private static (int Code, string Out, string Err) Run(params string[] args) => Support.CliHarness.Run(args);

    [Fact]
    public void Parse_json_prints_one_contract_object_per_event_in_line_order()
    {
        var (code, output, _) = Run("parse", RepoPaths.Log(Doorbell), "--json");
        Assert.Equal(0, code);
        var objects = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var jump = objects.Single(o => o.GetProperty("kind").GetString() == "boot.jump");
        Assert.Equal(RepoPaths.Log(Doorbell), jump.GetProperty("file").GetString());
        Assert.Equal(1, jump.GetProperty("boot").GetInt32());
        Assert.Equal(22, jump.GetProperty("line").GetInt32());
        Assert.Equal("0x10000", jump.GetProperty("fields").GetProperty("address").GetString());
        Assert.Equal("go os_addr(0x10000)..........", jump.GetProperty("text").GetString());
        var lines = objects.Select(o => o.GetProperty("line").GetInt32()).ToList();
        Assert.Equal(lines.Order(), lines);
    }

    [Fact]
    public void Parse_prints_an_aligned_table_by_default()
    {
        var (code, output, _) = Run("parse", RepoPaths.Log(Doorbell));
        Assert.Equal(0, code);
        var jump = output.Split('\n').Single(l => l.Contains("boot.jump"));
        Assert.Matches(@"^\s+22\s+1\s+info\s+boot\.jump\s+address=0x10000$", jump);
    }

    [Fact]
    public void Parse_summary_prints_counts_only()
    {
        var (code, output, _) = Run("parse", "--summary", RepoPaths.Log(Doorbell));
        Assert.Equal(0, code);
        Assert.StartsWith(RepoPaths.Log(Doorbell) + ": 51 lines, ", output);
        Assert.Contains("boot.jump", output);
        Assert.DoesNotContain("address=", output);
    }

    [Fact]
    public void Parse_unparsed_lists_the_most_frequent_shapes()
    {
        var (code, output, _) = Run("parse", "--unparsed", RepoPaths.Log("05_bk7252-a9cam-bootloader-app-verify-failed-sd-present.log"));
        Assert.Equal(0, code);
        Assert.Contains("===wlan_event_handle:#===", output);
    }

    [Fact]
    public void Boots_json_prints_one_object_per_boot_with_nulls_for_unknown_facts()
    {
        var (code, output, _) = Run("boots", "--json", RepoPaths.Log("16_bk7238-stock-fw-boot-garbled-then-brownout-reset.log"));
        Assert.Equal(0, code);
        var boots = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2, boots.Count);
        Assert.Equal("BK7238_1.0.14", boots[1].GetProperty("bootloader").GetString());
        Assert.Equal(JsonValueKind.Null, boots[1].GetProperty("jump").ValueKind);
        Assert.Equal("0x10000", boots[0].GetProperty("jump").GetString());
        Assert.Equal(67, boots[1].GetProperty("firstLine").GetInt32());
    }

    [Fact]
    public void A_missing_file_is_a_clear_error_with_exit_code_1()
    {
        var (code, output, err) = Run("parse", "/nonexistent/boot.log");
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.StartsWith("bkconsole: file not found: /nonexistent/boot.log", err);
    }

    [Fact]
    public void A_folder_instead_of_a_file_is_a_clear_error()
    {
        using var tmp = new TempFolder();
        var (code, _, err) = Run("boots", tmp.Path);
        Assert.Equal(1, code);
        Assert.Contains("is a folder", err);
    }

    [Fact]
    public void A_bad_rule_file_gives_file_line_col_and_exit_code_2()
    {
        using var tmp = new TempFolder();
        var bad = tmp.File("bad.rules");
        File.WriteAllText(bad, "rule x.y info\n  shape \"a\" {b:nope}\n  sample \"a1\"\nend\n");
        var (code, _, err) = Run("parse", "--rules", tmp.Path, RepoPaths.Log(Doorbell));
        Assert.Equal(2, code);
        Assert.StartsWith($"bkconsole: {bad}:2:13: unknown capture type 'nope'", err);
    }

    [Fact]
    public void Rules_from_a_rules_folder_add_events()
    {
        using var tmp = new TempFolder();
        File.WriteAllText(tmp.File("cam.rules"),
            "rule vendor.build info\n  shape \"codeBuildTime:\" _ {when:rest}\n  sample \" codeBuildTime:2022 x \" when=\"2022 x\"\nend\n");
        var (code, output, _) = Run("parse", "--json", "--rules", tmp.Path,
            RepoPaths.Log("05_bk7252-a9cam-bootloader-app-verify-failed-sd-present.log"));
        Assert.Equal(0, code);
        Assert.Contains("\"kind\":\"vendor.build\"", output);
    }
}
