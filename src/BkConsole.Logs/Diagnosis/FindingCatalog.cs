using System.Reflection;
using BkConsole.Core.Errors;
using BkConsole.Core.Events;

namespace BkConsole.Logs.Diagnosis;

/// <summary>
/// The findings known to the engine, read from <c>*.findings</c> files: the built-in one embedded as
/// <c>grammars/findings/diagnosis.findings</c>, then any user files (a later section with the same id replaces the
/// earlier one, so users can reword or re-grade a finding without recompiling).
/// </summary>
public sealed class FindingCatalog
{
    public const string BuiltInResource = "grammars/findings/diagnosis.findings";
    public const string Extension = ".findings";

    private readonly Dictionary<string, FindingTemplate> _byId;

    public FindingCatalog(IEnumerable<FindingTemplate> templates)
    {
        _byId = new Dictionary<string, FindingTemplate>(StringComparer.Ordinal);
        foreach (var t in templates) _byId[t.Id] = t;
    }

    public IReadOnlyCollection<FindingTemplate> Templates => _byId.Values;

    public IEnumerable<FindingTemplate> DataRules => _byId.Values.Where(t => t.IsDataRule);

    public bool Contains(string id) => _byId.ContainsKey(id);

    /// <summary>The template for a code rule's id. A missing section is a packaging bug, not user input.</summary>
    public FindingTemplate Get(string id) =>
        _byId.TryGetValue(id, out var t)
            ? t
            : new FindingTemplate(id, Severity.Warning, false, id, "(no text for this finding in the findings file)", "");

    private static readonly Lazy<FindingCatalog> LazyBuiltIn = new(LoadBuiltIn);

    /// <summary>The catalog from the embedded findings file (parsed once).</summary>
    public static FindingCatalog BuiltIn => LazyBuiltIn.Value;

    public static string BuiltInText()
    {
        var asm = typeof(FindingCatalog).Assembly;
        using var s = asm.GetManifestResourceStream(BuiltInResource)
                      ?? throw new InvalidOperationException($"resource {BuiltInResource} missing from {asm.GetName().Name}");
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    }

    private static FindingCatalog LoadBuiltIn() => new(FindingsFileParser.Parse(BuiltInText(), BuiltInResource));

    /// <summary>Built-in findings plus every <c>*.findings</c> file of <paramref name="userFolder"/> (if it exists).</summary>
    public static FindingCatalog WithUserFolder(string? userFolder)
    {
        if (userFolder == null || !Directory.Exists(userFolder)) return BuiltIn;
        var all = new List<FindingTemplate>(BuiltIn.Templates);
        foreach (var f in Directory.EnumerateFiles(userFolder, "*" + Extension).Order(StringComparer.Ordinal))
            all.AddRange(FindingsFileParser.Parse(File.ReadAllText(f), f));
        return new FindingCatalog(all);
    }

    internal static Assembly ResourceAssembly => typeof(FindingCatalog).Assembly;
}
