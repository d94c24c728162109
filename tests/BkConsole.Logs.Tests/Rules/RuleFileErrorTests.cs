using BkConsole.Core.Errors;
using BkConsole.Logs.Rules;

namespace BkConsole.Logs.Tests.Rules;

/// <summary>Pinned error messages: a user's bad rule file must say file:line:col and what is wrong.</summary>
public sealed class RuleFileErrorTests
{
    private static string ErrorOf(string text)
    {
        var ex = Assert.Throws<UsageException>(() => RuleSet.FromText(text, "my.rules"));
        Assert.Equal(ExitCodes.Usage, ex.ExitCode);
        return ex.Message;
    }

    [Fact]
    public void An_unknown_severity_names_the_position_and_the_choices()
    {
        Assert.Equal("my.rules:1:16: unknown severity 'loud' (debug, info, notice, warning, error, critical)",
            ErrorOf("rule boot.jump loud\n  shape \"J\"\n  sample \"J\"\nend\n"));
    }

    [Fact]
    public void A_missing_end_is_reported_where_the_parser_stopped()
    {
        Assert.StartsWith("my.rules:4:1: unexpected end of file", ErrorOf("rule a.b info\n  shape \"x\"\n  sample \"x\"\n"));
    }

    [Theory]
    [InlineData("rule a.b info\n  shape \"abc\n  sample \"abc\"\nend\n", "my.rules:2:13: unexpected end of line (expected closing \")")]
    [InlineData("rule a.b info\n  shape 'abc\n", "my.rules:2:13: unexpected end of line (expected closing ')")]
    [InlineData("rule a.b info\n  shape \"a\\xZZ\"\n  sample \"a\"\nend\n", "my.rules:2:11: unexpected '\\xZZ\"' (expected closing \")")]
    [InlineData("rule a.b info\n  shape \"abc\"\n  sample \"abc\\", "my.rules:3:14: unexpected '\\' (expected closing \")")]
    [InlineData("# c\n\nrule A.b info\n", "my.rules:3:6: unexpected 'A.b' (expected an event kind (family.what))")]
    public void A_bad_string_or_name_is_reported_where_it_goes_wrong(string text, string message)
    {
        Assert.Equal(message, ErrorOf(text));
    }

    [Fact]
    public void An_unclosed_capture_is_reported_at_the_bad_token()
    {
        var msg = ErrorOf("rule a.b info\n  shape {v:hex \"x\"\n  sample \"x\"\nend\n");
        Assert.StartsWith("my.rules:2:16: unexpected '\"x\"'", msg);
    }

    [Fact]
    public void An_unknown_capture_type_lists_the_known_types()
    {
        var msg = ErrorOf("rule a.b info\n  shape \"x\" {v:colour}\n  sample \"x1\"\nend\n");
        Assert.StartsWith("my.rules:2:13: unknown capture type 'colour' (known: hex, hexnum, alnum, int,", msg);
    }

    [Fact]
    public void A_sample_that_does_not_match_points_at_the_sample()
    {
        Assert.Equal("my.rules:3:3: sample does not match rule 'a.b'",
            ErrorOf("rule a.b info\n  shape \"jump\" _ {to:hex}\n  sample \"go 0x10\"\nend\n"));
    }

    [Fact]
    public void A_wrong_expected_field_value_is_shown_with_both_values()
    {
        Assert.Equal("my.rules:3:3: sample field 'to' is '0x10', expected '0x20'",
            ErrorOf("rule a.b info\n  shape \"jump\" _ {to:hex}\n  sample \"jump 0x10\" to=0x20\nend\n"));
    }

    [Fact]
    public void A_reject_sample_that_matches_is_an_error()
    {
        Assert.Equal("my.rules:4:3: reject sample matches rule 'a.b'",
            ErrorOf("rule a.b info\n  shape ... \"jump\"\n  sample \"jump\"\n  reject \"no jump\"\nend\n"));
    }

    [Fact]
    public void A_rule_without_samples_is_refused()
    {
        Assert.Equal("my.rules:1:1: rule 'a.b' has no sample (give at least one line it must match)",
            ErrorOf("rule a.b info\n  shape \"x\"\nend\n"));
    }

    [Fact]
    public void A_lookup_of_an_unknown_table_is_refused()
    {
        Assert.Equal("my.rules:3:3: unknown table 'reasons'",
            ErrorOf("rule a.b info\n  shape \"st:\" {code:int}\n  lookup reason = reasons(code)\n  sample \"st:1\"\nend\n"));
    }

    [Fact]
    public void A_calc_over_a_field_that_is_not_captured_is_refused()
    {
        Assert.Equal("my.rules:3:3: calc operand 'blocks' is not a capture of this rule",
            ErrorOf("rule a.b info\n  shape \"n:\" {size:int}\n  calc bytes = size * blocks\n  sample \"n:1\"\nend\n"));
    }

    [Fact]
    public void Garbage_at_top_level_asks_for_rule_or_table()
    {
        Assert.StartsWith("my.rules:2:1: unexpected 'hello'", ErrorOf("# comment\nhello\n"));
    }
}
