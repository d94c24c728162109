using BkConsole.Core.Errors;

namespace BkConsole.Logs.Rules;

/// <summary>Builds the one error shape of rule files: <c>file:line:col: message</c>, exit code 2.</summary>
public static class RuleErrors
{
    public const string Advice = "Fix the rule file (the language is described in grammars/README.md) or move it out of the rules folder.";

    public static UsageException At(string file, SourcePos pos, string message) =>
        new($"{pos.In(file)}: {message}", Advice);
}
