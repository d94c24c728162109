using BkConsole.Core.Events;

namespace BkConsole.Logs.Rules;

/// <summary>The typed captures of the rule language: what each matches and how its value is stored.</summary>
public static class CaptureTypes
{
    public sealed record CaptureType(string Name, string Pattern, FieldType Field, string Description);

    public static readonly IReadOnlyDictionary<string, CaptureType> All = new[]
    {
        new CaptureType("hex", @"(?:0[xX])?[0-9a-fA-F]+(?![0-9a-zA-Z_])", FieldType.Address, "hex number, 0x optional (an address)"),
        new CaptureType("hexnum", @"(?:0[xX])?[0-9a-fA-F]+(?![0-9a-zA-Z_])", FieldType.Number, "hex number, 0x optional (a size or count)"),
        new CaptureType("alnum", @"[A-Za-z0-9]+", FieldType.Text, "letters and digits"),
        new CaptureType("int", @"[-+]?[0-9]+(?![0-9])", FieldType.Number, "decimal integer, signed"),
        new CaptureType("num", @"[-+]?[0-9]+(?:\.[0-9]+)?", FieldType.Text, "decimal number with optional fraction"),
        new CaptureType("word", @"\S+", FieldType.Text, "a run of non-space characters"),
        new CaptureType("name", @"[A-Za-z_][A-Za-z0-9_.\-]*", FieldType.Text, "an identifier (letters, digits, _ . -)"),
        new CaptureType("ver", @"[A-Za-z0-9][A-Za-z0-9_.\-+]*", FieldType.Text, "a version (1.0.5, V0.2.8-beken-1133282d)"),
        new CaptureType("ip", @"[0-9]{1,3}(?:\.[0-9]{1,3}){3}", FieldType.Text, "an IPv4 address"),
        new CaptureType("quoted", "'[^']*'|\"[^\"]*\"", FieldType.Text, "text in single or double quotes (stored without them)"),
        new CaptureType("text", @".+?", FieldType.Text, "any text, as little as the rest allows"),
        new CaptureType("rest", @".*", FieldType.Text, "the rest of the line, trimmed"),
    }.ToDictionary(t => t.Name, StringComparer.Ordinal);
}
