using BkConsole.Core.Diagnosis;

namespace BkConsole.Logs.Diagnosis;

/// <summary>A rule that needs logic (neighbouring boots, ordering, counting). Wording comes from the catalog.</summary>
public interface IDiagnosisRule
{
    /// <summary>The finding ids this rule can raise (each must have a section in the findings file).</summary>
    IReadOnlyList<string> Ids { get; }

    IEnumerable<Finding> Evaluate(DiagnosisContext context);
}
