using System.Reflection;
using BkConsole.Core.Errors;

namespace BkConsole.Logs.Rules;

/// <summary>
/// All rules in force: the built-in <c>grammars/*.rules</c> (embedded in this assembly), then every <c>*.rules</c>
/// file of the user's config folder (<c>$XDG_CONFIG_HOME/bkconsole/grammars</c>, default
/// <c>~/.config/bkconsole/grammars</c>), then each folder or single <c>.rules</c> file passed with <c>--rules</c>.
/// Rule order is load order.
/// </summary>
public sealed class RuleSet
{
    private const string ResourcePrefix = "grammars/";
    private const string FindingsPrefix = "grammars/findings/";
    private static readonly Lazy<RuleSet> BuiltInSet = new(() => Load(new RuleSetOptions { UserFolder = false }));

    private readonly Lazy<Classify.RuleIndex> _index;

    private RuleSet(IReadOnlyList<CompiledRule> rules, IReadOnlyList<string> sources)
    {
        Rules = rules;
        Sources = sources;
        _index = new Lazy<Classify.RuleIndex>(() => new Classify.RuleIndex(rules));
    }

    internal Classify.RuleIndex Index => _index.Value;

    public IReadOnlyList<CompiledRule> Rules { get; }

    /// <summary>The files the rules came from (built-in ones as <c>grammars/x.rules</c>).</summary>
    public IReadOnlyList<string> Sources { get; }

    /// <summary>The built-in rules only (cached).</summary>
    public static RuleSet BuiltIn => BuiltInSet.Value;

    public static string UserRulesFolder()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        var baseDir = string.IsNullOrEmpty(xdg)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config")
            : xdg;
        return Path.Combine(baseDir, "bkconsole", "grammars");
    }

    /// <summary>The names of the built-in rule files.</summary>
    public static IReadOnlyList<string> BuiltInFiles() =>
        typeof(RuleSet).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)
                        && !n.StartsWith(FindingsPrefix, StringComparison.Ordinal)
                        && n.EndsWith(".rules", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static RuleSet Load(RuleSetOptions? options = null)
    {
        options ??= RuleSetOptions.Default;
        var rules = new List<CompiledRule>();
        var sources = new List<string>();
        if (options.BuiltIn)
        {
            var asm = typeof(RuleSet).Assembly;
            foreach (var name in BuiltInFiles())
            {
                using var stream = asm.GetManifestResourceStream(name)!;
                using var reader = new StreamReader(stream);
                rules.AddRange(RuleCompiler.Compile(RuleFileGrammar.ParseText(reader.ReadToEnd(), name), options.CompileRegex));
                sources.Add(name);
            }
        }
        if (options.UserFolder)
        {
            var folder = UserRulesFolder();
            if (Directory.Exists(folder)) LoadFolder(folder, options, rules, sources);
        }
        foreach (var path in options.ExtraFolders)
        {
            if (Directory.Exists(path)) LoadFolder(path, options, rules, sources);
            else if (File.Exists(path)) LoadFile(path, options, rules, sources);
            else throw new BkException($"rules not found: {path}", "Pass a *.rules file or a folder that holds *.rules files.");
        }
        return new RuleSet(rules, sources);
    }

    /// <summary>Rules from one text (tests, tools).</summary>
    public static RuleSet FromText(string text, string fileName = "inline.rules", bool compileRegex = false) =>
        new(RuleCompiler.Compile(RuleFileGrammar.ParseText(text, fileName), compileRegex), [fileName]);

    private static void LoadFolder(string folder, RuleSetOptions options, List<CompiledRule> rules, List<string> sources)
    {
        foreach (var path in Directory.GetFiles(folder, "*.rules").Order(StringComparer.Ordinal))
            LoadFile(path, options, rules, sources);
    }

    private static void LoadFile(string path, RuleSetOptions options, List<CompiledRule> rules, List<string> sources)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BkException($"cannot read rule file {path}: {ex.Message}", "Check the file's permissions.", ex);
        }
        rules.AddRange(RuleCompiler.Compile(RuleFileGrammar.ParseText(text, path), options.CompileRegex));
        sources.Add(path);
    }
}
