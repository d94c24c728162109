using System.CommandLine;

namespace BkConsole.Cli;

/// <summary><c>diagnose</c> and <c>diff</c> over logs (need the log pipeline).</summary>
internal static class DiagnoseLogCommands
{
    public static IEnumerable<Command> Create()
    {
        yield break;
    }
}
