namespace BkConsole.Tests.Tui.Support;

/// <summary>Headless Terminal.Gui tests run one at a time (the driver and configuration have process-wide parts).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class UiCollection
{
    public const string Name = "terminal-ui";
}
