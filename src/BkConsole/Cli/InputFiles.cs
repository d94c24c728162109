using BkConsole.Core.Errors;

namespace BkConsole.Cli;

/// <summary>
/// The one check of input paths for every verb that reads files (parse, boots, import, diagnose, diff, image): a path
/// that is missing, a folder or unreadable is a failed input (exit code 1, like the store that is not there); wrong
/// or conflicting arguments are bad usage (exit code 2). Checked before anything is printed or stored.
/// </summary>
internal static class InputFiles
{
    /// <summary>Throws for the first path that is not an existing regular file.</summary>
    public static void Check(IEnumerable<string> paths, string what = "capture file", string example = "logs/*.log")
    {
        foreach (var p in paths) Check(p, what, example);
    }

    public static void Check(string path, string what = "capture file", string example = "logs/*.log")
    {
        if (path.StartsWith('-') && !File.Exists(path) && !Directory.Exists(path))
            throw new UsageException($"unknown option '{path}'", "Run the verb with --help for its options.");
        if (Directory.Exists(path))
            throw new BkException($"{path} is a folder, not a {what}", $"Pass {what}s, e.g. {example}.");
        if (!File.Exists(path))
            throw new BkException($"file not found: {path}", $"Check the path; pass one or more {what}s.");
    }

    /// <summary>An IO failure while reading <paramref name="path"/>, as the same exit-code-1 error everywhere.</summary>
    public static BkException Unreadable(string path, Exception ex) =>
        new($"cannot read {path}: {ex.Message}", "Check that the file is a readable regular file (permissions).", ex);
}
