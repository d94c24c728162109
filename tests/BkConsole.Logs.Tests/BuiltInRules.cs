using BkConsole.Logs.Rules;

namespace BkConsole.Logs.Tests;

/// <summary>The built-in rules as <c>bkconsole</c> loads them, without the user's folder: loaded once for all tests.</summary>
internal static class BuiltInRules
{
    private static readonly Lazy<RuleSet> Set = new(() => RuleSet.Load(new RuleSetOptions { UserFolder = false }));

    public static RuleSet Value => Set.Value;
}
