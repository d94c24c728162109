using BkConsole.Cli;

namespace BkConsole.Tests.Support;

/// <summary>Runs the real command line in-process (every verb, the real error handling) and captures both streams.</summary>
internal static class CliHarness
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliRunner.Run(Program.BuildRoot(), args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
