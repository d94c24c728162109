namespace BkConsole.Logs.Rules;

/// <summary>Where rules come from: the built-in files, the user's config folder, and extra folders or files (<c>--rules DIR|FILE</c>).</summary>
public sealed record RuleSetOptions
{
    public bool BuiltIn { get; init; } = true;

    /// <summary>Load <c>*.rules</c> from <see cref="RuleSet.UserRulesFolder"/> when it exists.</summary>
    public bool UserFolder { get; init; } = true;

    /// <summary>Paths given explicitly (<c>--rules</c>): a folder of <c>*.rules</c> files or one rule file; each must exist.</summary>
    public IReadOnlyList<string> ExtraFolders { get; init; } = [];

    /// <summary>
    /// Compile shapes to IL: faster matching but about a second more start-up, so it pays only for long captures
    /// (the benchmark and the live monitor); the prefilter keeps interpreted matching cheap for files.
    /// </summary>
    public bool CompileRegex { get; init; }

    public static RuleSetOptions Default { get; } = new();
}
