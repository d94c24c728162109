using System.CommandLine;

namespace BkConsole.Cli;

/// <summary>The verbs of this area of the product; see Program.BuildRoot.</summary>
public static class MonitorCommands
{
    public static IEnumerable<Command> Create()
    {
        yield break;
    }

    /// <summary>What <c>bkconsole</c> with no arguments does.</summary>
    public static void ConfigureRoot(RootCommand root)
    {
    }
}
