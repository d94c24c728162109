using BkConsole.Core.Events;
using BkConsole.Logs.Classify;
using BkConsole.Logs.Lines;
using BkConsole.Logs.Rules;
using BkConsole.TestKit;
using CsCheck;
using Classifier = BkConsole.Logs.Classify.Classifier;

namespace BkConsole.Logs.Tests.Classify;

/// <summary>
/// The prefilter may only skip work, never a match: the literal scanner finds exactly the literals a plain
/// case-insensitive search finds, each shape's filter admits every corpus line its regex matches, and the classifier
/// lets through exactly the (rule, shape) pairs the filters' plain definition admits.
/// </summary>
public sealed class PrefilterTests
{
    private static readonly Lazy<List<LogLine>> Corpus = new(() =>
    {
        var lines = new List<LogLine>();
        foreach (var path in Directory.GetFiles(RepoPaths.Logs, "*.log").Order(StringComparer.Ordinal))
        {
            var asm = new LineAssembler();
            asm.Push(File.ReadAllBytes(path), DateTimeOffset.UnixEpoch, lines);
            asm.Flush(lines);
        }
        return lines;
    });

    private static readonly string[] Literals = ["abc", "bca", "cab", "connect", "ons", "---", "===", "[func]", "r14(lr)", "sta", "start", "kbc", "][", "v:", "ab", "|", "#"];

    [Fact]
    public void The_scanner_finds_exactly_the_literals_a_plain_search_finds()
    {
        var scanner = new LiteralScanner(Literals);
        var text = Gen.OneOf(
            Gen.OneOfConst("a", "b", "c", "A", "B", "C", "-", "=", "[", "]", "v", "V:", ":", "(", ")", " ", "on", "ONs", "sta", "StArT", "connect",
                "con", "\u212A", "\u017F", "é", "\0", "func", "r14", "lr", "k", "x", "|", "#", "||"),
            Gen.Char.Select(c => c.ToString())).Array[0, 30].Select(parts => string.Concat(parts));
        text.Sample(t =>
        {
            var found = new List<int>(); // samples run on several threads: nothing shared but the scanner
            scanner.Scan(t, new int[Literals.Length], 1, found);
            // the plain definition; the Kelvin sign and the long s count as k and s (as in a case-insensitive regex)
            var folded = t.Replace('\u212A', 'k').Replace('\u017F', 's');
            var expected = Enumerable.Range(0, Literals.Length)
                .Where(i => ContainsAsciiFolded(folded, Literals[i]))
                .ToHashSet();
            Assert.Equal(expected.Order(), found.Order());
        }, iter: 20_000);
    }

    [Fact]
    public void Each_literal_is_reported_once_per_scan()
    {
        var scanner = new LiteralScanner(Literals);
        var found = new List<int>();
        scanner.Scan("ons ONS Ons abcabc connect CONNECT", new int[Literals.Length], 1, found);
        Assert.Equal(found.Distinct().Count(), found.Count);
        Assert.Equal(["ab", "abc", "bca", "cab", "connect", "ons"], found.Select(i => Literals[i]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_shape_filter_admits_every_corpus_line_its_regex_matches()
    {
        foreach (var rule in BuiltInRules.Value.Rules)
        {
            for (int i = 0; i < rule.Shapes.Count; i++)
            {
                foreach (var line in Corpus.Value)
                {
                    int start = HostPrefix.Skip(line.Text);
                    if (!rule.Shapes[i].Regex.IsMatch(line.Text.AsSpan(start))) continue;
                    Assert.True(rule.Filters[i].Admits(line.Text, start), $"{rule.Id} shape {i + 1} would skip: {line.Text}");
                }
            }
        }
    }

    [Fact]
    public void The_classifier_lets_through_exactly_the_shapes_the_filters_admit()
    {
        var classifier = new Classifier(BuiltInRules.Value);
        var rules = BuiltInRules.Value.Rules;
        foreach (var line in Corpus.Value)
        {
            var text = line.Text;
            int start = HostPrefix.Skip(text);
            var expected = new List<(int, ulong)>();
            for (int r = 0; r < rules.Count; r++)
            {
                ulong mask = 0;
                for (int i = 0; i < rules[r].Filters.Count; i++)
                    if (rules[r].Filters[i].Admits(text, start)) mask |= 1UL << i;
                if (mask != 0) expected.Add((r, mask));
            }
            Assert.Equal(expected, classifier.Candidates(text));
        }
    }

    [Fact]
    public void Shapes_with_common_words_need_all_their_words_not_just_one()
    {
        var set = RuleSet.FromText("""
            rule ota.init_failed error
              shape ... "ota" _ "init" ... "failed"
              sample "rt_ota_init ota init failed"
            end
            """);
        var classifier = new Classifier(set);
        Assert.Empty(classifier.Candidates("[E] wifi init done"));
        Assert.Empty(classifier.Candidates("ota init done"));
        Assert.Single(classifier.Candidates("OTA init has FAILED"));
    }

    [Fact]
    public void A_shape_that_begins_with_an_optional_tag_is_woken_by_its_start_words_not_on_every_line()
    {
        var set = RuleSet.FromText("""
            rule sdk.flash_id info
              shape ["[Flash]"] _ "id" _ ":" _ {id:hex} $
              sample "[Flash]id:0xeb6015" id=0xeb6015
              sample "id: 0xeb6015" id=0xeb6015
            end
            """);
        Assert.Empty(set.Index.AlwaysTried);
        var classifier = new Classifier(set);
        Assert.Empty(classifier.Candidates("wifi id: 3 connected"));
        Assert.Single(classifier.Candidates("[flash]id:0x1"));
        Assert.Single(classifier.Candidates("  ID:0x1"));
    }

    [Fact]
    public void A_rare_single_character_keys_a_rule_instead_of_waking_it_on_every_line()
    {
        var set = RuleSet.FromText("""
            rule fal.partition info
              shape [("[I/FAL]" | "I/FAL:")] _ "|" _ {name:word} _ "|"
              sample "[I/FAL] | app |" name=app
              sample "| app |" name=app
            end
            """);
        Assert.Empty(set.Index.AlwaysTried);
        var classifier = new Classifier(set);
        Assert.Empty(classifier.Candidates("[I/FAL] RT-Thread Flash Abstraction Layer initialize success."));
        Assert.Single(classifier.Candidates("[I/FAL] | download | beken_onchip |"));
    }

    /// <summary>A plain search that folds ASCII case only (OrdinalIgnoreCase would also fold some non-ASCII letters).</summary>
    private static bool ContainsAsciiFolded(string text, string literal)
    {
        for (int i = 0; i + literal.Length <= text.Length; i++)
        {
            int j = 0;
            while (j < literal.Length && text[i + j] < 128 && char.ToLowerInvariant(text[i + j]) == literal[j]) j++;
            if (j == literal.Length) return true;
        }
        return false;
    }
}
