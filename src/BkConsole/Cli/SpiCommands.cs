using System.CommandLine;

namespace BkConsole.Cli;

/// <summary>The verbs of this area of the product; see Program.BuildRoot.</summary>
public static class SpiCommands
{
    public static IEnumerable<Command> Create()
    {
        yield break;
    }
}
