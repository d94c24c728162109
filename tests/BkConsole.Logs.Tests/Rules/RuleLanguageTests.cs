using BkConsole.Core.Events;
using BkConsole.Logs.Rules;

namespace BkConsole.Logs.Tests.Rules;

public sealed class RuleLanguageTests
{
    private const string Jump = """
        # a comment
        table names { 0 = zero, 0x1 = one }
        rule boot.jump info
          shape "J" " " {address:hex} $
          shape ... "jump to" [":"] _ {address:hex}
          shape ... "go" _ ("os_addr" | "addr") "(" {address:hex} ")"
          sample "J 0x10000" address=0x10000
          reject "J 0x10000 extra"
        end
        rule x.code notice
          shape "code" _ {code:int} [_ {name:quoted}]
          lookup label = names(code)
          set origin = test
          sample "code 1 'abc'" code=1 label=one name=abc origin=test
        end
        """;

    private static (bool Matched, List<EventField> Fields) Match(CompiledRule rule, string line)
    {
        var fields = new List<EventField>();
        bool ok = rule.TryMatch(line, 0, fields, out _);
        return (ok, fields);
    }

    [Theory]
    [InlineData("J 0x10000", true)]
    [InlineData("j 0x10000", true)]
    [InlineData("jump to:0x10000", true)]
    [InlineData("JUMP TO   0x10000", true)]
    [InlineData("xx go  addr(0x10000)....", true)]
    [InlineData("J 0x10000 and more", false)]
    [InlineData("jump to nowhere", false)]
    public void Shapes_are_case_insensitive_and_flexible_in_spacing_but_strict_in_structure(string line, bool expected)
    {
        var rule = RuleSet.FromText(Jump).Rules[0];
        var (ok, fields) = Match(rule, line);
        Assert.Equal(expected, ok);
        if (ok) Assert.Equal(new EventField("address", FieldType.Address, null, 0x10000), Assert.Single(fields));
    }

    [Fact]
    public void Lookups_and_constants_add_fields_and_optional_parts_may_be_absent()
    {
        var rule = RuleSet.FromText(Jump).Rules[1];
        var (ok, fields) = Match(rule, "code 0");
        Assert.True(ok);
        Assert.Equal(["code=0", "origin=test", "label=zero"], fields.Select(f => f.ToString()));
        Assert.Equal(Severity.Notice, rule.Severity);
    }

    [Fact]
    public void Calc_multiplies_two_captured_numbers_or_a_constant()
    {
        var rule = RuleSet.FromText("""
            rule sd.size info
              shape "size" _ {blockSize:hexnum} _ "x" _ {blocks:int} [_ "kb"]
              calc bytes = blockSize * blocks
              calc bits = bytes * 8
              sample "size 200 x 3" bytes=1536 bits=12288
            end
            """).Rules[0];
        var (ok, fields) = Match(rule, "size 0x10 x 4");
        Assert.True(ok);
        Assert.Equal(["blockSize=16", "blocks=4", "bytes=64", "bits=512"], fields.Select(f => f.ToString()));
    }

    [Fact]
    public void A_typed_capture_with_elements_matches_the_elements_and_stores_the_type()
    {
        var rule = RuleSet.FromText("""
            rule x.mode info
              shape "mode:" _ {value:hex: "0x" <alnum> ("1b" | "17")} $
              sample "mode:0x0000001b" value=0x1b
              reject "mode:0x000000d3"
            end
            """).Rules[0];
        var (ok, fields) = Match(rule, "mode:0x60000017");
        Assert.True(ok);
        Assert.Equal(FieldType.Address, fields.Single().Type);
        Assert.Equal("value=0x60000017", fields.Single().ToString());
        Assert.False(Match(rule, "mode:0xzz1b").Matched); // the elements matched, but the text is no hex number
    }

    [Fact]
    public void Required_literals_are_the_prefilter_triggers()
    {
        var set = RuleSet.FromText(Jump);
        Assert.Contains("jump", set.Rules[0].Triggers);
        Assert.Contains("code", set.Rules[1].Triggers);
    }
}
