namespace BkConsole.Storage;

/// <summary>Where the store lives: <c>$XDG_DATA_HOME/bkconsole/bkconsole.db</c>, else <c>~/.local/share/bkconsole/</c>.</summary>
public static class StorePaths
{
    public const string FileName = "bkconsole.db";

    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static string DefaultDatabase(Func<string, string?>? env = null)
    {
        env ??= Environment.GetEnvironmentVariable;
        var data = env("XDG_DATA_HOME");
        if (string.IsNullOrEmpty(data) || !Path.IsPathRooted(data))
        {
            var home = env("HOME");
            if (string.IsNullOrEmpty(home)) home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            data = Path.Combine(home, ".local", "share");
        }
        return Path.Combine(data, "bkconsole", FileName);
    }

    /// <summary>The LiteDB journal ("log") file that sits beside the data file.</summary>
    public static string LogFileOf(string database) =>
        Path.Combine(Path.GetDirectoryName(database) ?? ".",
            Path.GetFileNameWithoutExtension(database) + "-log" + Path.GetExtension(database));

    /// <summary>Held exclusively by the one writer (see <see cref="StoreLock"/>).</summary>
    public static string LockFileOf(string database) => database + ".lock";

    /// <summary>Who holds the writer lock: written by the holder, read by a refused second writer.</summary>
    public static string OwnerFileOf(string database) => database + ".owner";

    /// <summary>Held shared by every read-only opener; the writer checkpoints only when it can hold it exclusively.</summary>
    public static string ReadersFileOf(string database) => database + ".readers";

    /// <summary>Where a writer that falls behind (or fails) keeps the blocks of <paramref name="capture"/>.</summary>
    public static string SpoolFileOf(string database, int capture) => $"{database}.spool-{capture}";

    /// <summary>The spool files beside <paramref name="database"/>, with the capture each one belongs to.</summary>
    internal static IEnumerable<(int Capture, string Path)> SpoolFilesOf(string database)
    {
        var dir = Path.GetDirectoryName(database) ?? ".";
        var prefix = Path.GetFileName(database) + ".spool-";
        if (!Directory.Exists(dir)) yield break;
        foreach (var f in Directory.EnumerateFiles(dir, prefix + "*"))
        {
            if (int.TryParse(Path.GetFileName(f).AsSpan(prefix.Length), System.Globalization.NumberStyles.None,
                    System.Globalization.CultureInfo.InvariantCulture, out int id))
                yield return (id, f);
        }
    }

    /// <summary>Creates the missing folders of <paramref name="database"/> owner-only (0700).</summary>
    internal static void EnsureFolder(string database)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(database))!;
        if (Directory.Exists(dir)) return;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(dir);
            return;
        }
        // Each missing level is created owner-only (the umask would otherwise widen the parents).
        var missing = new Stack<string>();
        for (var d = dir; !string.IsNullOrEmpty(d) && !Directory.Exists(d); d = Path.GetDirectoryName(d)) missing.Push(d);
        foreach (var d in missing)
        {
            Directory.CreateDirectory(d, FolderMode);
            File.SetUnixFileMode(d, FolderMode);
        }
    }

    /// <summary>Creates an empty owner-only (0600) file if it is missing, and makes an existing one owner-only.</summary>
    internal static void EnsureOwnerOnlyFile(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            if (!File.Exists(path)) File.WriteAllBytes(path, []);
            return;
        }
        if (!File.Exists(path))
        {
            using var _ = new FileStream(path, new FileStreamOptions
            {
                Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = FileMode,
            });
        }
        else if ((File.GetUnixFileMode(path) & ~FileMode) != 0)
        {
            File.SetUnixFileMode(path, FileMode);
        }
    }
}
