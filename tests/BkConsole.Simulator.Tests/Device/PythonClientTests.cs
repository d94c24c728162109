using System.Diagnostics;
using BkConsole.Core.Chips;
using BkConsole.Simulator.Device;
using BkConsole.TestKit;

namespace BkConsole.Simulator.Tests.Device;

/// <summary>
/// An independent client (Client/beken_check.py, pyserial) links with a running BK7252 app via link-check spam,
/// switches to 2 Mbaud, identifies, detects 4 MiB by aliasing, reads with CRC checks and writes + verifies —
/// against the paced simulator on a pty behind a --link symlink, as a third-party tool would.
/// </summary>
public sealed class PythonClientTests
{
    private const string Python = "/usr/bin/python3";

    [Fact]
    public void A_pyserial_client_links_reads_and_writes_the_BK7252_at_2_Mbaud()
    {
        var output = RunAgainst(ChipProfiles.Bk7252, 2000000);
        Assert.Contains("OK flash size 4096 KiB (aliasing)", output);
        Assert.Contains("CRC end exclusive", output);
    }

    [Fact]
    public void A_pyserial_client_unprotects_and_writes_the_BK7231N_BootROM_at_1_5_Mbaud()
    {
        var output = RunAgainst(ChipProfiles.Bk7231N, 1500000);
        Assert.Contains("OK flash size 2048 KiB (aliasing)", output);
        Assert.Contains("CRC end inclusive", output);
        Assert.Contains("OK unprotected, JEDEC eb6015", output);
    }

    private static string RunAgainst(ChipProfile chip, int baud)
    {
        Assert.True(File.Exists(Python) && Run(Python, "-c \"import serial\"", out _) == 0,
            "python3-serial is needed for this test (apt-get install python3-serial; .ci/run installs it)");
        using var temp = new TempFolder("pyclient");
        string link = temp.File("bk7252");
        using var host = SimHost.Start(new SimOptions { Chip = chip, Seed = 5 }, link);
        string script = Path.Combine(RepoPaths.Root, "tests", "BkConsole.Simulator.Tests", "Client", "beken_check.py");

        int rc = Run(Python, $"\"{script}\" \"{link}\" --baud {baud} --read-kib 64", out string output);

        Assert.True(rc == 0, output);
        Assert.Contains("OK linked", output);
        Assert.Contains("OK wrote and verified 16 KiB", output);
        return output;
    }

    private static int Run(string file, string args, out string output)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000))
        {
            p.Kill(entireProcessTree: true);
            output = "timed out";
            return -1;
        }
        output = stdout.Result + stderr.Result;
        return p.ExitCode;
    }
}
