using System.CommandLine;
using BkConsole.Cli;

namespace BkConsole;

public static class Program
{
    public static int Main(string[] args)
    {
        var root = BuildRoot();
        return CliRunner.Run(root, args);
    }

    /// <summary>Every verb, from one place. Each area of the product owns one file in Cli/.</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand(
            "bkconsole — serial boot-log analyzer, terminal and flasher for Beken BK72xx (Tuya) devices");
        foreach (var group in new Func<IEnumerable<Command>>[]
                 {
                     LogCommands.Create,
                     MonitorCommands.Create,
                     SimCommands.Create,
                     FlashCommands.Create,
                     SpiCommands.Create,
                     DiagnoseCommands.Create,
                     StoreCommands.Create,
                 })
        {
            foreach (var c in group()) root.Subcommands.Add(c);
        }
        MonitorCommands.ConfigureRoot(root);
        return root;
    }
}
