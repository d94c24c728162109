using BkConsole.Cli;
using BkConsole.TestKit;

namespace BkConsole.Tests.Cli;

/// <summary>
/// The file-reading verbs behave alike: a missing, folder or unreadable input is a failed input (exit 1), bad
/// arguments are bad usage (exit 2); <c>--rules</c> means the same everywhere; help texts share their wording.
/// </summary>
public sealed class CliConsistencyTests
{
    private const string Doorbell = "06_bk7252-a13cam-bootloader-app-verify-failed-rtthread-fal.log";

    private const string VendorRule =
        "rule vendor.build info\n  shape \"codeBuildTime:\" _ {when:rest}\n  sample \" codeBuildTime:2022 x \" when=\"2022 x\"\nend\n";

    private static (int Code, string Out, string Err) Run(params string[] args) => Support.CliHarness.Run(args);

    public static TheoryData<string[]> FileVerbs() => new()
    {
        new[] { "parse" },
        new[] { "boots" },
        new[] { "import", "--db", "DB" },
        new[] { "diagnose", "--db", "DB" },
        new[] { "image", "info" },
    };

    [Theory]
    [MemberData(nameof(FileVerbs))]
    public void A_missing_input_file_exits_1_from_every_verb(string[] verb)
    {
        using var tmp = new TempFolder("cli");
        var args = verb.Select(a => a == "DB" ? tmp.File("s.db") : a).Append("/nonexistent/boot.log").ToArray();
        var (code, output, err) = Run(args);
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.StartsWith("bkconsole: file not found: /nonexistent/boot.log", err);
        Assert.False(File.Exists(tmp.File("s.db")), "nothing is stored for a failed input");
    }

    [Theory]
    [MemberData(nameof(FileVerbs))]
    public void A_folder_instead_of_a_file_exits_1_from_every_verb(string[] verb)
    {
        using var tmp = new TempFolder("cli");
        var args = verb.Select(a => a == "DB" ? tmp.File("s.db") : a).Append(tmp.Path).ToArray();
        var (code, _, err) = Run(args);
        Assert.Equal(1, code);
        Assert.Contains("is a folder", err);
    }

    [Fact]
    public void Bad_usage_still_exits_2()
    {
        Assert.Equal(2, Run("parse").Code);                      // no FILE
        Assert.Equal(2, Run("diagnose").Code);                   // neither FILE nor --capture
        Assert.Equal(2, Run("parse", "--no-such-option", RepoPaths.Log(Doorbell)).Code);
    }

    [Fact]
    public void Parse_accepts_a_single_rules_file_as_well_as_a_folder()
    {
        using var tmp = new TempFolder("cli");
        var file = tmp.File("cam.rules");
        File.WriteAllText(file, VendorRule);
        var log = RepoPaths.Log("05_bk7252-a9cam-bootloader-app-verify-failed-sd-present.log");
        var (code, output, err) = Run("parse", "--json", "--rules", file, log);
        Assert.True(code == 0, err);
        Assert.Contains("\"kind\":\"vendor.build\"", output);
        var missing = Run("parse", "--rules", tmp.File("nope.rules"), log);
        Assert.Equal(1, missing.Code);
        Assert.Contains("rules not found", missing.Err);
    }

    [Fact]
    public void Import_and_diagnose_take_rules_like_parse()
    {
        using var tmp = new TempFolder("cli");
        var file = tmp.File("cam.rules");
        File.WriteAllText(file, VendorRule);
        var db = tmp.File("s.db");
        var log = RepoPaths.Log("05_bk7252-a9cam-bootloader-app-verify-failed-sd-present.log");

        var import = Run("import", log, "--db", db, "--rules", file);
        Assert.True(import.Code == 0, import.Err);
        var events = Run("events", "--db", db, "--kind", "vendor.build", "--json");
        Assert.Equal(0, events.Code);
        Assert.Contains("\"kind\":\"vendor.build\"", events.Out);

        // a rule file with an error stops diagnose the same way it stops parse
        File.WriteAllText(tmp.File("bad.rules"), "rule x.y info\n  shape \"a\" {b:nope}\n  sample \"a1\"\nend\n");
        var bad = Run("diagnose", "--db", db, "--rules", tmp.File("bad.rules"), log);
        Assert.Equal(2, bad.Code);
        Assert.Contains("bad.rules:2:13: unknown capture type 'nope'", bad.Err);
        var good = Run("diagnose", "--db", db, "--rules", file, log, "--json");
        Assert.True(good.Code == 0, good.Err);
    }

    [Fact]
    public void Events_with_an_unknown_kind_names_close_matches_and_exits_2()
    {
        using var tmp = new TempFolder("cli");
        var db = tmp.File("s.db");
        Assert.Equal(0, Run("import", RepoPaths.Log(Doorbell), "--db", db).Code);

        var typo = Run("events", "--db", db, "--kind", "boot.jmp");
        Assert.Equal(2, typo.Code);
        Assert.Contains("unknown event kind 'boot.jmp'", typo.Err);
        Assert.Contains("boot.jump", typo.Err);

        var family = Run("events", "--db", db, "--kind", "fl.*");
        Assert.Equal(2, family.Code);
        Assert.Contains("fal.*", family.Err);

        var nothing = Run("events", "--db", db, "--kind", "nosuch");
        Assert.Equal(2, nothing.Code);
        Assert.Contains("unknown event kind 'nosuch'", nothing.Err);

        // a known kind without events in this store is no error
        var known = Run("events", "--db", db, "--kind", "crash.exception");
        Assert.Equal(0, known.Code);
        Assert.Equal("", known.Err);
        Assert.Equal(0, Run("events", "--db", db, "--kind", "sd.*").Code);
    }

    [Fact]
    public void Suggestions_rank_the_closest_kind_first()
    {
        var close = EventKindNames.Suggest("sd.cmd_timout", EventKindNames.Known());
        Assert.Equal("sd.cmd_timeout", close[0]);
    }

    [Theory]
    [InlineData("import")]
    [InlineData("captures")]
    [InlineData("events")]
    [InlineData("boots")]
    [InlineData("diagnose")]
    [InlineData("diff")]
    [InlineData("image info")]
    [InlineData("monitor")]
    [InlineData("demo")]
    [InlineData("spi read")]
    public void The_db_option_has_the_same_help_text_everywhere(string verb)
    {
        var (code, output, _) = Run([.. verb.Split(' '), "--help"]);
        Assert.Equal(0, code);
        var line = output.Split('\n').Single(l => l.TrimStart().StartsWith("--db", StringComparison.Ordinal));
        Assert.EndsWith(StoreCommands.DbDescription, line.TrimEnd());
    }

    [Theory]
    [InlineData("parse")]
    [InlineData("boots")]
    [InlineData("import")]
    [InlineData("captures")]
    [InlineData("events")]
    [InlineData("diagnose")]
    [InlineData("image info")]
    [InlineData("monitor")]
    [InlineData("demo")]
    [InlineData("sim")]
    [InlineData("spi read")]
    [InlineData("spi write")]
    public void Help_descriptions_start_with_a_capital_letter(string verb)
    {
        var (_, output, _) = Run([.. verb.Split(' '), "--help"]);
        var lines = output.Split('\n');
        // option and argument rows: "  --name <X>   Description" / "  <FILE>   Description"
        foreach (var row in lines.Where(l => l.StartsWith("  ", StringComparison.Ordinal) && l.Contains("   ", StringComparison.Ordinal)))
        {
            var text = row.Trim();
            int gap = text.IndexOf("  ", StringComparison.Ordinal);
            if (gap < 0) continue;
            var description = text[gap..].Trim();
            if (description.Length == 0 || !char.IsLetter(description[0])) continue;
            Assert.True(char.IsUpper(description[0]), $"{verb}: '{row.Trim()}'");
        }
        int header = Array.FindIndex(lines, l => l.StartsWith("Description:", StringComparison.Ordinal));
        Assert.True(header >= 0, output);
        Assert.True(char.IsUpper(lines[header + 1].Trim()[0]), $"{verb}: '{lines[header + 1].Trim()}'");
    }
}
