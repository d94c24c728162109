using System.Globalization;
using BkConsole.Core.Errors;

namespace BkConsole.Storage;

/// <summary>
/// One writer per store file: an exclusive lock on <c>DB.lock</c> held while the store is open for writing. LiteDB's
/// direct mode does not stop two processes from writing the same file, and two writers would corrupt it. The holder
/// writes who it is to <c>DB.owner</c> so a refused second writer can name it. Read-only openers never take this lock
/// (see <see cref="ReadersLock"/>).
/// </summary>
/// <remarks>
/// .NET maps <see cref="FileShare.None"/> to <c>flock(LOCK_EX)</c> on Unix and to a sharing mode on Windows; the kernel
/// drops the lock when its process dies, so a kill -9 never leaves a stale lock.
/// </remarks>
internal sealed class StoreLock : IDisposable
{
    private readonly FileStream _stream;
    private readonly string _ownerFile;

    private StoreLock(FileStream stream, string ownerFile)
    {
        _stream = stream;
        _ownerFile = ownerFile;
    }

    public static StoreLock Acquire(string database, TimeSpan wait)
    {
        var path = StorePaths.LockFileOf(database);
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            try
            {
                return Take(database, path);
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
                var owner = Owner(database);
                throw new BkException($"the store {database} is in use by another bkconsole ({owner})",
                    "close the other bkconsole (monitor, demo, import) or give this one its own file with --db PATH; " +
                    "`bkconsole events`, `captures` and `boots --db` can read the store while it runs", ex);
            }
        }
    }

    /// <summary>
    /// True when a writer holds the lock of <paramref name="database"/> now. The probe takes the lock for an instant;
    /// two probes can meet, so a refusal is tried again a few times before it counts as a writer.
    /// </summary>
    public static bool IsHeld(string database)
    {
        var path = StorePaths.LockFileOf(database);
        for (int attempt = 0; ; attempt++)
        {
            if (!File.Exists(path)) return false;
            try
            {
                using var s = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
                return false;
            }
            catch (UnauthorizedAccessException)
            {
                return false; // a folder we cannot write: no writer of ours can be there either
            }
            catch (FileNotFoundException)
            {
                return false;
            }
            catch (IOException) when (attempt < StoreLimits.WriterProbeAttempts)
            {
                Thread.Sleep(StoreLimits.LockPoll);
            }
            catch (IOException)
            {
                return true;
            }
        }
    }

    private static StoreLock Take(string database, string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = StorePaths.FileMode;
        var stream = new FileStream(path, options);
        var owner = StorePaths.OwnerFileOf(database);
        try
        {
            var text = string.Create(CultureInfo.InvariantCulture,
                $"pid {Environment.ProcessId}: {CommandLine()}, since {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC");
            var o = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) o.UnixCreateMode = StorePaths.FileMode;
            using var w = new StreamWriter(new FileStream(owner, o));
            w.Write(text);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Naming the holder is a courtesy; the lock itself is what matters.
        }
        return new StoreLock(stream, owner);
    }

    /// <summary>What the holder wrote about itself, or a plain description when it could not be read.</summary>
    internal static string Owner(string database)
    {
        try
        {
            var text = File.ReadAllText(StorePaths.OwnerFileOf(database)).Trim();
            if (text.Length > 0) return text.Length > 300 ? text[..300] + "…" : text;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
        return "process unknown";
    }

    private static string CommandLine()
    {
        var args = Environment.GetCommandLineArgs();
        if (args.Length == 0) return "bkconsole";
        var program = Path.GetFileNameWithoutExtension(args[0]);
        return string.Join(' ', new[] { program }.Concat(args.Skip(1).Select(a => a.Contains(' ') ? $"\"{a}\"" : a)));
    }

    private static BkException CannotCreate(string database, string path, Exception ex) =>
        new($"cannot open the store {database}: cannot create {path} ({ex.Message})",
            "check that the folder is writable, or give a store file in a writable folder with --db PATH", ex);

    public void Dispose()
    {
        try
        {
            File.Delete(_ownerFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
        _stream.Dispose();
    }
}
