namespace BkConsole.TestKit;

/// <summary>Finds files of the repository (logs/, grammars/) from a test's output folder.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Logs => Path.Combine(Root, "logs");

    public static string Grammars => Path.Combine(Root, "grammars");

    public static string Log(string name) => Path.Combine(Logs, name);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "BkConsole.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("BkConsole.sln not found above " + AppContext.BaseDirectory);
    }
}
