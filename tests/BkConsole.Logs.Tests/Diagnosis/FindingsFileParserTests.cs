using BkConsole.Core.Errors;
using BkConsole.Core.Events;
using BkConsole.Logs.Diagnosis;

namespace BkConsole.Logs.Tests.Diagnosis;

public sealed class FindingsFileParserTests
{
    [Fact]
    public void The_built_in_findings_file_parses()
    {
        var all = FindingsFileParser.Parse(FindingCatalog.BuiltInText(), "diagnosis.findings");
        Assert.True(all.Count >= 15);
        var sd = all.Single(t => t.Id == "sd.absent_benign");
        Assert.True(sd.Benign);
        Assert.Equal("any sd.cmd_timeout sd.absent", sd.When!.ToString());
        Assert.Equal("any sd.ready", sd.Unless!.ToString());
    }

    [Fact]
    public void Continuation_lines_join_the_value_and_placeholders_fill()
    {
        var t = FindingsFileParser.Parse("[a.b]\nseverity = info\ntitle = T {x}\nexplanation = one\n  two\nadvice = do\n", "f").Single();
        Assert.Equal("one two", t.Explanation);
        var f = t.Create(3, [], new Dictionary<string, string> { ["x"] = "42" });
        Assert.Equal("T 42", f.Title);
        Assert.Equal(3, f.Boot);
        Assert.Equal(Severity.Info, f.Severity);
    }

    [Theory]
    [InlineData("severity = info\n", "f:1:1: key before the first [finding.id] section")]
    [InlineData("[Bad Id]\n", "f:1:2: 'Bad Id' is not a finding id (family.what, lower case)")]
    [InlineData("[a.b]\nseverity = loud\ntitle = t\nexplanation = e\nadvice = a\n", "f:2:1: unknown severity 'loud' (debug, info, notice, warning, error, critical)")]
    [InlineData("[a.b]\nseverity = info\ntitle = t\nexplanation = e\n", "f:1:1: [a.b] has no 'advice'")]
    [InlineData("[a.b]\ncolour = red\n", "f:2:1: unknown key 'colour' (expected one of severity, benign, title, explanation, advice, when, unless, scope, except_text)")]
    [InlineData("[a.b]\nseverity = info\ntitle = t\nexplanation = e\nadvice = a\nwhen = some x.y\n", "f:6:1: 'when' must be 'any KIND...' or 'all KIND...'")]
    [InlineData("[a.b\n", "f:1:4: expected ']' to close the section")]
    public void Bad_findings_files_give_file_line_col_errors(string text, string message)
    {
        var ex = Assert.Throws<UsageException>(() => FindingsFileParser.Parse(text, "f"));
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void A_user_file_rewords_a_built_in_finding()
    {
        using var tmp = new BkConsole.TestKit.TempFolder("findings");
        File.WriteAllText(tmp.File("mine.findings"),
            "[sd.absent_benign]\nseverity = info\nbenign = yes\nwhen = any sd.absent\ntitle = Kein SD\nexplanation = e\nadvice = a\n");
        var catalog = FindingCatalog.WithUserFolder(tmp.Path);
        Assert.Equal("Kein SD", catalog.Get("sd.absent_benign").Title);
        Assert.True(catalog.Contains("ota.not_applied_no_fal"));
    }
}
