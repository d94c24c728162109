using System.Globalization;
using System.Text;
using BkConsole.Logs.Pipeline;
using BkConsole.Logs.Rules;
using BkConsole.TestKit;

namespace BkConsole.Logs.Tests.Rules;

/// <summary>
/// The line families of log-formats.md in other spellings than the corpus shows (line-variants.txt next to this
/// file): each variant goes through the real pipeline — alone, behind every host program's prefix and with every
/// line ending — and must give its event kind with the listed field values.
/// </summary>
public sealed class LineVariantTests
{
    private static readonly Lazy<IReadOnlyList<LineVariant>> Variants = new(() =>
        LineVariant.ReadFile(Path.Combine(RepoPaths.Root, "tests", "BkConsole.Logs.Tests", "Rules", "line-variants.txt")));

    /// <summary>What serial terminals put in front of a device's line (log-formats.md §10 and the common tools).</summary>
    public static TheoryData<string, string> Hosts() => new()
    {
        { "none", "" },
        { "MobaXterm", "[2024-07-23 15:34:18]  " },
        { "esphome logs", "[22:02:20]" },
        { "tio 24hour", "[12:34:56.789] " },
        { "tio iso8601", "[2024-01-02T12:34:56.789] " },
        { "minicom / date and ms", "[2024-01-02 12:34:56.789] " },
        { "Arduino / CoolTerm", "12:34:56.789 -> " },
        { "PlatformIO time filter", "12:34:56.789 > " },
        { "Tera Term", "[Tue Jul 23 15:34:18.123 2024] " },
        { "SSCOM", "[12:34:56.789]收←◆" },
        { "ANSI colour", "\u001b[0;32m" },
    };

    public static TheoryData<string> LineEndings() => new() { "\n", "\r\n", "\r\r\n" };

    [Fact]
    public void The_variant_file_covers_every_kind_of_the_event_vocabulary_that_has_a_line_format()
    {
        var kinds = Variants.Value.Where(v => !v.Negated).Select(v => v.Kind).ToHashSet(StringComparer.Ordinal);
        string[] contract =
        [
            "boot.bootloader", "boot.start_type", "boot.jump", "boot.pingpong_invalid",
            "rtthread.banner", "fal.init", "fal.flash_device", "fal.partition_table_found", "fal.partition",
            "fal.partition_table_missing", "ota.init", "ota.init_failed", "ota.download_partition_missing",
            "ota.app_verify_failed", "ota.upgrade_start", "ota.progress", "ota.erase",
            "sdk.rev", "sdk.osk_rev", "sdk.start_type", "sdk.chip_id", "sdk.flash_id", "sdk.flash_status_write",
            "reset.reboot", "reset.watchdog", "power.deep_sleep", "crash.exception", "crash.registers", "crash.shutdown",
            "sd.cmd_timeout", "sd.absent", "sd.ready", "app.openbeken", "app.libretiny", "app.esphome", "app.tuya_sdk",
            "app.tuyaos", "openbk.init_stage", "openbk.safe_mode", "openbk.stats", "wifi.connecting", "wifi.connected",
            "wifi.auth_failed", "wifi.got_ip", "mqtt.connected", "mqtt.error", "tuya.log", "tuya.reset_reason",
        ];
        var missing = contract.Where(k => !kinds.Contains(k)).ToList();
        Assert.True(missing.Count == 0, "no variant line for: " + string.Join(", ", missing));
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public void Every_variant_gives_its_kind_and_fields_behind_a_host_prefix(string host, string prefix)
    {
        var failures = new List<string>();
        foreach (var v in Variants.Value)
        {
            var problem = Check(v, Encoding.UTF8.GetBytes(prefix), "\r\n");
            if (problem != null) failures.Add(problem);
        }
        Assert.True(failures.Count == 0, $"{host}: {failures.Count} of {Variants.Value.Count} variants fail\n" + string.Join("\n", failures));
    }

    [Theory]
    [MemberData(nameof(LineEndings))]
    public void Every_variant_gives_its_kind_and_fields_with_any_line_ending(string ending)
    {
        var failures = Variants.Value.Select(v => Check(v, [], ending)).OfType<string>().ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Null when the variant passes, else what went wrong (with the line, for the report).</summary>
    private static string? Check(LineVariant v, byte[] prefix, string ending)
    {
        // one blank line before: the variant is line 2, after whatever the assembler makes of a leading CR
        var bytes = new List<byte>();
        bytes.AddRange(Encoding.ASCII.GetBytes(ending));
        bytes.AddRange(prefix);
        bytes.AddRange(v.Line);
        bytes.AddRange(Encoding.ASCII.GetBytes(ending));
        var result = LogPipeline.ParseBytes(bytes.ToArray(), "variant", new LogPipelineOptions { Rules = BuiltInRules.Value });
        var lastLine = result.Events.Count == 0 ? 0 : result.Events.Max(e => e.LineNo);
        var events = result.Events.Where(e => e.LineNo == lastLine && e.Kind != "boot.reset_mid_line").ToList();
        var matching = events.Where(e => e.Kind == v.Kind).ToList();
        string Got() => events.Count == 0 ? "no event" : string.Join("; ", events.Select(e => e.Kind + " " + string.Join(' ', e.Fields)));
        if (v.Negated)
            return matching.Count == 0 ? null : $"line {v.FileLine}: {v.Display} must not give {v.Kind}, got {Got()}";
        if (matching.Count == 0) return $"line {v.FileLine}: {v.Display} → expected {v.Kind}, got {Got()}";
        foreach (var e in matching)
        {
            bool all = v.Fields.All(f => e.Fields.Any(x => x.Name == f.Key && x.Display == f.Value));
            if (all) return null;
        }
        return $"line {v.FileLine}: {v.Display} → {v.Kind} {string.Join(' ', v.Fields.Select(f => $"{f.Key}={f.Value}"))}, got {Got()}";
    }

    /// <summary>One line of line-variants.txt: <c>LINE ==> [!]KIND field=value ...</c>.</summary>
    private sealed record LineVariant(int FileLine, byte[] Line, string Display, string Kind, bool Negated, IReadOnlyDictionary<string, string> Fields)
    {
        private const string Arrow = " ==> ";

        public static IReadOnlyList<LineVariant> ReadFile(string path)
        {
            var list = new List<LineVariant>();
            var lines = File.ReadAllLines(path, Encoding.UTF8);
            for (int i = 0; i < lines.Length; i++)
            {
                var l = lines[i];
                if (l.Length == 0 || l.StartsWith('#')) continue;
                int arrow = l.LastIndexOf(Arrow, StringComparison.Ordinal);
                if (arrow < 0) throw new FormatException($"line-variants.txt:{i + 1}: no '{Arrow.Trim()}'");
                var text = l[..arrow];
                var expect = Tokens(l[(arrow + Arrow.Length)..], i + 1);
                bool negated = expect[0].StartsWith('!');
                var fields = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var t in expect.Skip(1))
                {
                    int eq = t.IndexOf('=');
                    if (eq <= 0) throw new FormatException($"line-variants.txt:{i + 1}: '{t}' is not field=value");
                    fields[t[..eq]] = t[(eq + 1)..];
                }
                list.Add(new LineVariant(i + 1, Unescape(text), text, expect[0].TrimStart('!'), negated, fields));
            }
            return list;
        }

        /// <summary>Space-separated tokens; a value in double quotes may hold spaces (<c>f="a b"</c>).</summary>
        private static List<string> Tokens(string s, int lineNo)
        {
            var tokens = new List<string>();
            var sb = new StringBuilder();
            bool quoted = false;
            foreach (var c in s)
            {
                if (c == '"') { quoted = !quoted; continue; }
                if (c == ' ' && !quoted)
                {
                    if (sb.Length > 0) tokens.Add(sb.ToString());
                    sb.Clear();
                    continue;
                }
                sb.Append(c);
            }
            if (quoted) throw new FormatException($"line-variants.txt:{lineNo}: unclosed quote");
            if (sb.Length > 0) tokens.Add(sb.ToString());
            if (tokens.Count == 0) throw new FormatException($"line-variants.txt:{lineNo}: no kind after the arrow");
            return tokens;
        }

        /// <summary><c>\e</c> ESC, <c>\t</c> tab, <c>\r</c> CR, <c>\\</c> backslash, <c>\xNN</c> one byte; the rest is UTF-8.</summary>
        private static byte[] Unescape(string s)
        {
            var bytes = new List<byte>();
            for (int i = 0; i < s.Length; i++)
            {
                if (s[i] == '\\' && i + 1 < s.Length)
                {
                    switch (s[i + 1])
                    {
                        case 'e': bytes.Add(0x1B); i++; continue;
                        case 't': bytes.Add((byte)'\t'); i++; continue;
                        case 'r': bytes.Add((byte)'\r'); i++; continue;
                        case '\\': bytes.Add((byte)'\\'); i++; continue;
                        case 'x' when i + 3 < s.Length:
                            bytes.Add(byte.Parse(s.AsSpan(i + 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                            i += 3;
                            continue;
                    }
                }
                bytes.AddRange(Encoding.UTF8.GetBytes(s[i].ToString()));
            }
            return bytes.ToArray();
        }
    }
}
