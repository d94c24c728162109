using System.Diagnostics;

namespace BkConsole.Tests.EndToEnd;

/// <summary>A detached tmux session running one command, driven like a user at a 160×48 terminal; killed on dispose.</summary>
internal sealed class Tmux : IDisposable
{
    private static readonly TimeSpan CommandDeadline = TimeSpan.FromSeconds(20);

    private Tmux(string name) => Name = name;

    public string Name { get; }

    public static Tmux Start(string command, int width = 160, int height = 48)
    {
        var t = new Tmux("bkc-e2e-" + Guid.NewGuid().ToString("N")[..8]);
        t.Run("new-session", "-d", "-s", t.Name, "-x", width.ToString(), "-y", height.ToString(), command);
        return t;
    }

    public string Screen() => Run("capture-pane", "-p", "-t", Name);

    /// <summary>Keys by tmux name (F1, C-q, Escape, Enter).</summary>
    public void Keys(params string[] keys) => Run(["send-keys", "-t", Name, .. keys]);

    /// <summary>Literal text, typed.</summary>
    public void Type(string text) => Run("send-keys", "-t", Name, "-l", text);

    public string WaitFor(Func<string, bool> condition, string what, TimeSpan deadline)
    {
        var until = DateTime.UtcNow + deadline;
        string screen = "";
        while (DateTime.UtcNow < until)
        {
            screen = Screen();
            if (condition(screen)) return screen;
            Thread.Sleep(250);
        }
        throw new TimeoutException($"after {deadline.TotalSeconds:0} s still waiting for {what}; the screen was:\n{screen}");
    }

    private string Run(params string[] args)
    {
        var psi = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("tmux did not start");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(CommandDeadline))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"tmux {string.Join(' ', args)} did not finish");
        }
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"tmux {string.Join(' ', args)} failed ({p.ExitCode}): {stderr.Result}");
        return stdout.Result;
    }

    public static bool Available()
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("tmux", "-V") { RedirectStandardOutput = true, RedirectStandardError = true });
            return p != null && p.WaitForExit(CommandDeadline) && p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    public void Dispose()
    {
        try { Run("kill-session", "-t", Name); }
        catch (InvalidOperationException) { } // already gone: the command exited and the session closed
        catch (TimeoutException) { }
    }
}
