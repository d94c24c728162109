using BkConsole.Core.Errors;
using BkConsole.Core.Events;

namespace BkConsole.Tui.Session;

/// <summary>
/// <c>--log FILE</c>: every received byte appended, exactly as it arrived (like picocom's <c>--logfile</c>). Gaps are
/// not written into the file, so it stays a byte-exact capture; they are in the store.
/// </summary>
public sealed class RawLogFile : ICaptureSink
{
    private readonly FileStream _file;

    public RawLogFile(string path)
    {
        try
        {
            var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
            _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 64 * 1024);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BkException($"cannot open the log file {path}: {ex.Message}",
                "choose a writable path for --log (the file is appended to, never truncated)", ex);
        }
        Path = path;
    }

    public string Path { get; }

    public void Raw(ReadOnlySpan<byte> data, DateTimeOffset time) => _file.Write(data);

    public void Lines(IReadOnlyList<LogLine> lines, IReadOnlyList<LogEvent> events) { }

    public void Boot(BootRecord boot) { }

    public void Gap(DateTimeOffset from, DateTimeOffset to, string? reason) => _file.Flush();

    public void Flush() => _file.Flush();

    public void Dispose()
    {
        _file.Flush();
        _file.Dispose();
    }
}
