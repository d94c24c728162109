using BkConsole.Core.Errors;
using BkConsole.Core.Events;

namespace BkConsole.Logs.Diagnosis;

/// <summary>
/// Reads the INI-like findings format (see the header of grammars/findings/diagnosis.findings). Errors are
/// <see cref="UsageException"/>s worded <c>file:line:col: message</c>.
/// </summary>
public static class FindingsFileParser
{
    private static readonly HashSet<string> Keys =
        ["severity", "benign", "title", "explanation", "advice", "when", "unless", "scope", "except_text"];

    public static IReadOnlyList<FindingTemplate> Parse(string text, string origin)
    {
        var result = new List<FindingTemplate>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        Section? cur = null;
        string? lastKey = null;
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            int lineNo = i + 1;
            var line = lines[i];
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#')) continue;
            if (char.IsWhiteSpace(line[0]))
            {
                if (cur == null || lastKey == null) throw Error(origin, lineNo, 1, "continuation line outside a key");
                cur.Values[lastKey] += " " + trimmed;
                continue;
            }
            if (trimmed.StartsWith('['))
            {
                if (!trimmed.EndsWith(']')) throw Error(origin, lineNo, line.Length, "expected ']' to close the section");
                if (cur != null) result.Add(cur.Build(origin));
                var id = trimmed[1..^1].Trim();
                if (!IsId(id)) throw Error(origin, lineNo, 2, $"'{id}' is not a finding id (family.what, lower case)");
                if (!ids.Add(id)) throw Error(origin, lineNo, 2, $"finding '{id}' is defined twice");
                cur = new Section(id, lineNo);
                lastKey = null;
                continue;
            }
            int eq = line.IndexOf('=');
            if (eq < 0) throw Error(origin, lineNo, 1, "expected 'key = value', '[id]' or '#'");
            if (cur == null) throw Error(origin, lineNo, 1, "key before the first [finding.id] section");
            var key = line[..eq].Trim();
            if (!Keys.Contains(key))
                throw Error(origin, lineNo, 1, $"unknown key '{key}' (expected one of {string.Join(", ", Keys)})");
            if (cur.Values.ContainsKey(key)) throw Error(origin, lineNo, 1, $"key '{key}' given twice in [{cur.Id}]");
            cur.Values[key] = line[(eq + 1)..].Trim();
            cur.KeyLines[key] = lineNo;
            lastKey = key;
        }
        if (cur != null) result.Add(cur.Build(origin));
        return result;
    }

    private static bool IsId(string id) =>
        id.Length > 2 && id.Contains('.') && id.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '.' or '_')
        && !id.StartsWith('.') && !id.EndsWith('.');

    internal static UsageException Error(string origin, int line, int col, string message) =>
        new($"{origin}:{line}:{col}: {message}", "fix the findings file (format: see the header of diagnosis.findings)");

    private sealed class Section(string id, int line)
    {
        public string Id { get; } = id;
        public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, int> KeyLines { get; } = new(StringComparer.Ordinal);

        public FindingTemplate Build(string origin)
        {
            foreach (var required in new[] { "severity", "title", "explanation", "advice" })
                if (!Values.ContainsKey(required))
                    throw Error(origin, line, 1, $"[{Id}] has no '{required}'");
            if (!SeverityNames.TryParse(Values["severity"], out var sev))
                throw Error(origin, KeyLines["severity"], 1,
                    $"unknown severity '{Values["severity"]}' (debug, info, notice, warning, error, critical)");
            bool benign = false;
            if (Values.TryGetValue("benign", out var b))
            {
                if (b is "yes" or "true") benign = true;
                else if (b is not ("no" or "false")) throw Error(origin, KeyLines["benign"], 1, "benign must be yes or no");
            }
            bool capture = false;
            if (Values.TryGetValue("scope", out var scope))
            {
                if (scope == "capture") capture = true;
                else if (scope != "boot") throw Error(origin, KeyLines["scope"], 1, "scope must be boot or capture");
            }
            var when = Condition(origin, "when");
            var unless = Condition(origin, "unless");
            if (unless != null && when == null) throw Error(origin, KeyLines["unless"], 1, "'unless' needs a 'when'");
            return new FindingTemplate(Id, sev, benign, Values["title"], Values["explanation"], Values["advice"])
            {
                When = when,
                Unless = unless,
                CaptureScope = capture,
                ExceptText = Values.TryGetValue("except_text", out var ex)
                    ? ex.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    : [],
                Origin = $"{origin}:{line}",
            };
        }

        private FindingCondition? Condition(string origin, string key)
        {
            if (!Values.TryGetValue(key, out var v)) return null;
            var parts = v.Split([' ', ',', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2 || parts[0] is not ("any" or "all"))
                throw Error(origin, KeyLines[key], 1, $"'{key}' must be 'any KIND...' or 'all KIND...'");
            foreach (var k in parts.Skip(1))
                if (!IsId(k)) throw Error(origin, KeyLines[key], 1, $"'{k}' is not an event kind (family.what)");
            return new FindingCondition(parts[0] == "all", parts.Skip(1).ToArray());
        }
    }
}
