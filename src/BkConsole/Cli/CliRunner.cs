using System.CommandLine;
using BkConsole.Core.Errors;

namespace BkConsole.Cli;

/// <summary>Runs a parsed command line and turns failures into one clear message and an exit code (0/1/2).</summary>
public static class CliRunner
{
    /// <summary>
    /// Whether <paramref name="err"/> is this process's stderr on a terminal: progress is redrawn in place with \r
    /// there, and written as plain lines into logs, pipes and tests.
    /// </summary>
    internal static bool IsTerminal(TextWriter err) => ReferenceEquals(err, Console.Error) && !Console.IsErrorRedirected;

    public static int Run(RootCommand root, string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        var config = new InvocationConfiguration
        {
            Output = stdout ?? Console.Out,
            Error = stderr ?? Console.Error,
            EnableDefaultExceptionHandler = false,
        };
        var err = config.Error;
        try
        {
            var parsed = root.Parse(args);
            if (parsed.Errors.Count > 0)
            {
                foreach (var e in parsed.Errors) err.WriteLine($"bkconsole: {e.Message}");
                err.WriteLine("Run 'bkconsole --help' for usage.");
                return ExitCodes.Usage;
            }
            return parsed.Invoke(config);
        }
        catch (BkException ex)
        {
            Report(err, ex);
            return ex.ExitCode;
        }
        catch (OperationCanceledException)
        {
            err.WriteLine("bkconsole: cancelled");
            return ExitCodes.Failure;
        }
        catch (AggregateException ag) when (ag.InnerException is BkException ex)
        {
            Report(err, ex);
            return ex.ExitCode;
        }
    }

    private static void Report(TextWriter err, BkException ex)
    {
        err.WriteLine($"bkconsole: {ex.Message}");
        if (!string.IsNullOrEmpty(ex.Advice)) err.WriteLine($"  {ex.Advice}");
    }
}
