namespace BkConsole.TestKit;

/// <summary>A fresh folder per test, deleted on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder(string? hint = null)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "bkc-" + (hint ?? "t") + "-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
