using System.Diagnostics;

namespace BkConsole.Storage.Tests.Support;

/// <summary>This test assembly started as a child process in one of its helper modes (see <see cref="Program"/>); killed on dispose.</summary>
internal sealed class Child : IDisposable
{
    private readonly Process _p;

    private Child(Process p) => _p = p;

    public int Pid => _p.Id;

    public static Child Start(params string[] args)
    {
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return new Child(Process.Start(psi)!);
    }

    /// <summary>The first stdout line starting with <paramref name="prefix"/>; fails when the child ends or the deadline passes first.</summary>
    public string WaitFor(string prefix, TimeSpan timeout)
    {
        var read = Task.Run(() =>
        {
            while (_p.StandardOutput.ReadLine() is { } line)
                if (line.StartsWith(prefix, StringComparison.Ordinal)) return line;
            return null;
        });
        if (!read.Wait(timeout)) Assert.Fail($"child did not print '{prefix}' within {timeout.TotalSeconds} s");
        if (read.Result is null)
        {
            _p.WaitForExit(5000);
            Assert.Fail($"child ended before printing '{prefix}': {_p.StandardError.ReadToEnd()}");
        }
        return read.Result!;
    }

    /// <summary>SIGKILL on Unix: no finally blocks, no flush, no dispose.</summary>
    public void Kill()
    {
        _p.Kill(entireProcessTree: false);
        _p.WaitForExit();
    }

    public int WaitForExit(TimeSpan timeout)
    {
        if (!_p.WaitForExit(timeout)) Assert.Fail("child did not end in time");
        return _p.ExitCode;
    }

    public string Errors => _p.StandardError.ReadToEnd();

    public void Dispose()
    {
        if (!_p.HasExited)
        {
            _p.Kill();
            _p.WaitForExit();
        }
        _p.Dispose();
    }
}
