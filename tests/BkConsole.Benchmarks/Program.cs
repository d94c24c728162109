using System.Reflection;

namespace BkConsole.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/BkConsole.Benchmarks -- SUITE [args]</c>; no suite lists them;
/// <c>all</c> runs every suite.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var suites = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(IBenchSuite).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .Select(t => (IBenchSuite)Activator.CreateInstance(t)!)
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .ToList();
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            Console.WriteLine("usage: dotnet run -c Release --project tests/BkConsole.Benchmarks -- <suite>|all [args]");
            foreach (var s in suites) Console.WriteLine($"  {s.Name,-16} {s.Description}");
            return 0;
        }
        var chosen = args[0] == "all" ? suites : suites.Where(s => s.Name == args[0]).ToList();
        if (chosen.Count == 0)
        {
            Console.Error.WriteLine($"unknown suite '{args[0]}'");
            return 2;
        }
        int rc = 0;
        foreach (var s in chosen)
        {
            Console.WriteLine($"== {s.Name}: {s.Description}");
            rc |= s.Run(args.Skip(1).ToArray(), Console.Out);
        }
        return rc;
    }
}
