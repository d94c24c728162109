namespace BkConsole.Simulator.Scenarios;

/// <summary>A behaviour of the simulated firmware: the steps it plays after each reset.</summary>
public interface IScenario
{
    string Name { get; }

    string Description { get; }

    IEnumerable<LogStep> Boot(BootContext context);
}
