namespace BkConsole.Devices.Serial;

/// <summary>A process that has a serial device open.</summary>
public sealed record PortHolder(int Pid, string CommandLine)
{
    public override string ToString() =>
        Pid == Environment.ProcessId ? $"pid {Pid} ({CommandLine}; this process)" : $"pid {Pid} ({CommandLine})";

    /// <summary>Every process with an open fd on <paramref name="devicePath"/> (symlinks resolved), found via /proc/*/fd.</summary>
    public static IReadOnlyList<PortHolder> Find(string devicePath) => Find(devicePath, -1);

    /// <summary>As <see cref="Find(string)"/>, not counting this process's own descriptor <paramref name="ownFd"/> (the open that just failed to lock).</summary>
    public static IReadOnlyList<PortHolder> Find(string devicePath, int ownFd)
    {
        string target = Resolve(devicePath);
        var holders = new List<PortHolder>();
        string[] procs;
        try { procs = Directory.GetDirectories("/proc"); }
        catch (IOException) { return holders; }
        foreach (var proc in procs)
        {
            if (!int.TryParse(Path.GetFileName(proc), out int pid)) continue;
            try
            {
                bool self = pid == Environment.ProcessId;
                foreach (var fd in Directory.EnumerateFileSystemEntries(Path.Combine(proc, "fd")))
                {
                    if (self && ownFd >= 0 && Path.GetFileName(fd) == ownFd.ToString(System.Globalization.CultureInfo.InvariantCulture)) continue;
                    var link = new FileInfo(fd).LinkTarget;
                    if (link == target)
                    {
                        holders.Add(new PortHolder(pid, CommandLineOf(proc)));
                        break;
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        return holders;
    }

    /// <summary>The final target of a device path (by-id links resolved).</summary>
    public static string Resolve(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.LinkTarget != null ? info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path : Path.GetFullPath(path);
        }
        catch (IOException) { return path; }
    }

    private static string CommandLineOf(string proc)
    {
        try
        {
            var raw = File.ReadAllText(Path.Combine(proc, "cmdline")).TrimEnd('\0').Replace('\0', ' ');
            return raw.Length > 0 ? raw : File.ReadAllText(Path.Combine(proc, "comm")).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return "?"; }
    }
}
