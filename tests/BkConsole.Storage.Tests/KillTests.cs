using System.Diagnostics;
using BkConsole.TestKit;

namespace BkConsole.Storage.Tests;

/// <summary>A kill -9 in the middle of an import leaves a store that opens and is consistent.</summary>
public sealed class KillTests
{
    [Theory]
    [InlineData(30_000)]
    [InlineData(250_000)]
    public void A_store_killed_mid_import_opens_and_is_consistent(int killAfterLines)
    {
        using var tmp = new TempFolder("kill");
        var db = tmp.File("k.db");
        long storedBeforeKill = RunAndKill(db, totalLines: 600_000, killAfterLines);

        using var store = BkStore.Open(db);
        var c = Assert.Single(store.Captures());
        Assert.Equal(CaptureState.Incomplete, c.State);
        Assert.InRange(c.Lines, storedBeforeKill, 600_000 - 1);
        Assert.Empty(store.CheckConsistency());
        Assert.Equal(c.Lines, store.Lines(c.Id).LongCount());
        // Boot updates trail their lines by at most one block: boots 1..k with k = the boot of the last line, or one less.
        var boots = store.Boots(c.Id).Select(b => b.Index).ToList();
        Assert.Equal(Enumerable.Range(1, boots.Count), boots);
        Assert.InRange(boots.Count, (int)c.Lines / 1000, 1 + (int)c.Lines / 1000);
    }

    /// <summary>Starts the helper, waits until it has committed <paramref name="killAfterLines"/>, kills it with SIGKILL.</summary>
    private static long RunAndKill(string db, int totalLines, int killAfterLines)
    {
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(typeof(Program).Assembly.Location);
        psi.ArgumentList.Add("--import-helper");
        psi.ArgumentList.Add(db);
        psi.ArgumentList.Add(totalLines.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var p = Process.Start(psi)!;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        try
        {
            while (DateTime.UtcNow < deadline)
            {
                var line = p.StandardOutput.ReadLine();
                if (line is null || line == "done")
                    Assert.Fail($"helper ended before the kill: {line ?? "eof"} {p.StandardError.ReadToEnd()}");
                if (line.StartsWith("stored ", StringComparison.Ordinal) && long.Parse(line[7..]) >= killAfterLines)
                {
                    p.Kill(entireProcessTree: false); // SIGKILL on Unix
                    p.WaitForExit();
                    return long.Parse(line[7..]);
                }
            }
            Assert.Fail("helper did not reach the kill point in time");
            return 0;
        }
        finally
        {
            if (!p.HasExited)
            {
                p.Kill();
                p.WaitForExit();
            }
        }
    }
}
