using BkConsole.Core.Errors;

namespace BkConsole.Storage;

/// <summary>
/// One writer per store file: an exclusive lock on <c>DB.lock</c> held while the store is open. LiteDB's direct mode
/// does not stop two processes from writing the same file, and two writers would corrupt it.
/// </summary>
internal sealed class StoreLock : IDisposable
{
    private readonly FileStream _stream;

    private StoreLock(FileStream stream) => _stream = stream;

    public static StoreLock Acquire(string database, TimeSpan wait)
    {
        var path = StorePaths.LockFileOf(database);
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            try
            {
                var options = new FileStreamOptions
                {
                    Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None,
                };
                if (!OperatingSystem.IsWindows()) options.UnixCreateMode = StorePaths.FileMode;
                return new StoreLock(new FileStream(path, options));
            }
            catch (UnauthorizedAccessException ex)
            {
                throw CannotCreate(database, path, ex);
            }
            catch (IOException ex) when (!File.Exists(path))
            {
                // The lock file could not even be created (read-only or special file system): not another bkconsole.
                throw CannotCreate(database, path, ex);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }
            catch (IOException ex)
            {
                throw new BkException($"the store {database} is in use by another bkconsole",
                    "close the other bkconsole (monitor, import) or give this one its own file with --db PATH", ex);
            }
        }
    }

    private static BkException CannotCreate(string database, string path, Exception ex) =>
        new($"cannot open the store {database}: cannot create {path} ({ex.Message})",
            "check that the folder is writable, or give a store file in a writable folder with --db PATH", ex);

    public void Dispose() => _stream.Dispose();
}
