using BkConsole.Core.Errors;
using BkConsole.Logs.Rules;
using BkConsole.TestKit;

namespace BkConsole.Logs.Tests.Rules;

public sealed class UserRulesTests
{
    [Fact]
    public void Rules_from_an_extra_folder_are_loaded_after_the_built_in_ones()
    {
        using var tmp = new TempFolder();
        File.WriteAllText(Path.Combine(tmp.Path, "mine.rules"),
            "rule vendor.hello info\n  shape \"hello\" _ {who:word}\n  sample \"hello bob\" who=bob\nend\n");
        var set = RuleSet.Load(new RuleSetOptions { UserFolder = false, ExtraFolders = [tmp.Path] });
        Assert.Equal("vendor.hello", set.Rules[^1].Kind);
        Assert.EndsWith("mine.rules", set.Sources[^1]);
    }

    [Fact]
    public void A_bad_user_file_names_its_path_line_and_column()
    {
        using var tmp = new TempFolder();
        var path = Path.Combine(tmp.Path, "bad.rules");
        File.WriteAllText(path, "rule vendor.hello info\n  shape \"hello\" {who:word\n  sample \"hello bob\"\nend\n");
        var ex = Assert.Throws<UsageException>(() => RuleSet.Load(new RuleSetOptions { UserFolder = false, ExtraFolders = [tmp.Path] }));
        Assert.StartsWith(path + ":3:3: unexpected 'sample'", ex.Message);
    }

    [Fact]
    public void A_single_rules_file_can_be_given_instead_of_a_folder()
    {
        using var tmp = new TempFolder();
        var path = Path.Combine(tmp.Path, "one.rules");
        File.WriteAllText(path, "rule vendor.hello info\n  shape \"hello\" _ {who:word}\n  sample \"hello bob\" who=bob\nend\n");
        File.WriteAllText(Path.Combine(tmp.Path, "other.rules"), "this file is not loaded");
        var set = RuleSet.Load(new RuleSetOptions { UserFolder = false, ExtraFolders = [path] });
        Assert.Equal("vendor.hello", set.Rules[^1].Kind);
        Assert.Equal(path, set.Sources[^1]);
    }

    [Fact]
    public void Missing_extra_rules_are_a_failed_input_not_a_usage_error()
    {
        var ex = Assert.Throws<BkException>(() => RuleSet.Load(new RuleSetOptions { UserFolder = false, ExtraFolders = ["/nonexistent/rules"] }));
        Assert.IsNotType<UsageException>(ex);
        Assert.Equal(ExitCodes.Failure, ex.ExitCode);
        Assert.Contains("/nonexistent/rules", ex.Message);
        Assert.Contains("*.rules file or a folder", ex.Advice);
    }

    [Fact]
    public void The_user_folder_follows_xdg_config_home()
    {
        var old = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        try
        {
            Environment.SetEnvironmentVariable("XDG_CONFIG_HOME", "/tmp/xdg-test");
            Assert.Equal("/tmp/xdg-test/bkconsole/grammars", RuleSet.UserRulesFolder());
        }
        finally
        {
            Environment.SetEnvironmentVariable("XDG_CONFIG_HOME", old);
        }
    }
}
