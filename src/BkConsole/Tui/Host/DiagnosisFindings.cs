using BkConsole.Core.Events;
using BkConsole.Logs.Diagnosis;
using BkConsole.Tui.Session;

namespace BkConsole.Tui.Host;

/// <summary>The findings pane's source: the diagnosis engine over the session's boots and recent events.</summary>
public sealed class DiagnosisFindings : IFindingSource
{
    private readonly DiagnosisEngine _engine;
    private readonly TimeProvider _time;

    public DiagnosisFindings(DiagnosisEngine? engine = null, TimeProvider? time = null)
    {
        _engine = engine ?? DiagnosisEngine.Default;
        _time = time ?? TimeProvider.System;
    }

    public IReadOnlyList<FindingItem> Evaluate(IReadOnlyList<BootRecord> boots, IReadOnlyList<LogEvent> recentEvents)
    {
        var input = DiagnosisInput.From(boots, recentEvents) with { Live = true, Now = _time.GetUtcNow() };
        return _engine.Diagnose(input)
            .Select(f => new FindingItem(f.Id, f.Severity, f.Title, f.Explanation, f.Advice, f.Boot))
            .ToList();
    }
}
