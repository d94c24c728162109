namespace BkConsole.Storage;

/// <summary>
/// The cross-process reader/checkpoint exclusion on <c>DB.readers</c>: every read-only opener holds it shared for as
/// long as it is open; the writer holds it exclusively only while it checkpoints, and skips a checkpoint (the log
/// keeps growing) while any reader is present. A checkpoint overwrites data-file pages and truncates the log, the
/// only two things that would change what an open reader's snapshot points at.
/// </summary>
/// <remarks>
/// Built on file sharing, which .NET maps to <c>flock</c> on Unix (<see cref="FileShare.None"/> = LOCK_EX, any other
/// share = LOCK_SH, never blocking) and to sharing modes on Windows; the kernel releases it when a process dies.
/// </remarks>
internal sealed class ReadersLock : IDisposable
{
    private readonly FileStream? _stream;

    private ReadersLock(FileStream? stream) => _stream = stream;

    /// <summary>
    /// Joins the readers, waiting while a checkpoint holds the file exclusively or the writer holds the gate
    /// (<c>DB.readers-gate</c>: a writer whose checkpoint is overdue closes it so new readers wait while the present
    /// ones finish). When the files cannot be created (a folder this user cannot write), no writer can run there
    /// either, and the reader goes on without them.
    /// </summary>
    public static ReadersLock EnterShared(string database, TimeSpan wait, CancellationToken ct = default)
    {
        var path = StorePaths.ReadersFileOf(database);
        var gatePath = GateFileOf(database);
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                using var gate = TryOpenShared(gatePath);
                var held = TryOpenShared(path);
                if (held is null) return new ReadersLock(null);
                return new ReadersLock(held);
            }
            catch (IOException ex) when (DateTime.UtcNow >= deadline)
            {
                throw new Core.Errors.BkException($"the store {database} stayed busy (checkpointing) for {wait.TotalSeconds:F0} s",
                    "try again; if it persists, close the bkconsole that writes it", ex);
            }
            catch (IOException)
            {
                Thread.Sleep(StoreLimits.LockPoll);
            }
        }
    }

    /// <summary>Opens <paramref name="path"/> shared; null when it cannot be created here; IOException while held exclusively.</summary>
    private static FileStream? TryOpenShared(string path)
    {
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.Read, Share = FileShare.ReadWrite };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = StorePaths.FileMode;
            return new FileStream(path, options);
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        catch (IOException) when (!File.Exists(path))
        {
            return null;
        }
    }

    private static FileStream? TryOpenExclusive(string path)
    {
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = StorePaths.FileMode;
            return new FileStream(path, options);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string GateFileOf(string database) => StorePaths.ReadersFileOf(database) + "-gate";

    /// <summary>Holds the file exclusively if no reader is present now, else null. Used by the writer before a checkpoint.</summary>
    public static ReadersLock? TryEnterExclusive(string database) =>
        TryOpenExclusive(StorePaths.ReadersFileOf(database)) is { } s ? new ReadersLock(s) : null;

    /// <summary>
    /// Closes the gate to new readers and waits up to <paramref name="wait"/> for the present ones to leave; the
    /// gate opens again on return. Null when they stayed (a reader paging through <c>less</c>, say).
    /// </summary>
    public static ReadersLock? EnterExclusive(string database, TimeSpan wait)
    {
        if (TryEnterExclusive(database) is { } now) return now;
        if (wait <= TimeSpan.Zero) return null;
        var deadline = DateTime.UtcNow + wait;
        FileStream? gate;
        while ((gate = TryOpenExclusive(GateFileOf(database))) is null)
        {
            if (DateTime.UtcNow >= deadline) return null;
            Thread.Sleep(StoreLimits.LockPoll);
        }
        using (gate)
        {
            while (true)
            {
                if (TryEnterExclusive(database) is { } held) return held;
                if (DateTime.UtcNow >= deadline) return null;
                Thread.Sleep(StoreLimits.LockPoll);
            }
        }
    }

    public void Dispose() => _stream?.Dispose();
}
