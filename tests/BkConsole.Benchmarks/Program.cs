namespace BkConsole.Benchmarks;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.WriteLine("usage: dotnet run -c Release --project tests/BkConsole.Benchmarks -- <suite>");
        return 0;
    }
}
