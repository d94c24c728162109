namespace BkConsole.Simulator.Scenarios;

/// <summary>A scenario defined by a script function.</summary>
internal sealed class BuiltInScenario(string name, string description, Func<BootContext, IEnumerable<LogStep>> boot) : IScenario
{
    public string Name => name;

    public string Description => description;

    public IEnumerable<LogStep> Boot(BootContext context) => boot(context);
}
