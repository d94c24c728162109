using System.Diagnostics;
using System.IO.Ports;
using System.Text;
using BkConsole.Cli;
using BkConsole.TestKit;

namespace BkConsole.Tests.Sim;

public sealed class SimCommandTests
{
    private static (int Code, string Out, string Err) Cli(params string[] args) => Support.CliHarness.Run(args);

    [Fact]
    public void A_flash_image_of_the_wrong_size_is_refused_with_a_clear_message()
    {
        using var temp = new TempFolder("simcli");
        File.WriteAllBytes(temp.File("img.bin"), new byte[1024 * 1024]);
        var (code, _, err) = Cli("sim", "--chip", "bk7252", "--flash", temp.File("img.bin"));
        Assert.Equal(1, code);
        Assert.Contains("is 1048576 bytes", err);
        Assert.Contains("BK7252: 4 MiB", err);
    }

    [Theory]
    [InlineData("--persist")]
    [InlineData("--faults", "drop=2")]
    [InlineData("--scenario", "nope")]
    [InlineData("--chip", "esp32")]
    [InlineData("--unplug-after", "soon")]
    [InlineData("--log-baud", "5")]
    public void Bad_options_are_usage_errors(params string[] extra)
    {
        var (code, _, err) = Cli(["sim", .. extra]);
        Assert.Equal(2, code);
        Assert.StartsWith("bkconsole: ", err);
    }

    [Fact]
    public void The_sim_verb_prints_its_pty_serves_the_link_and_cleans_up_on_SIGTERM()
    {
        using var temp = new TempFolder("simproc");
        string link = temp.File("bk7252");
        string exe = Path.Combine(AppContext.BaseDirectory, "bkconsole.dll");
        var psi = new ProcessStartInfo("dotnet", $"\"{exe}\" sim --link \"{link}\" --no-pacing --seed 4") { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        try
        {
            string first = p.StandardOutput.ReadLine() ?? "";
            Assert.StartsWith("pty: /dev/pts/", first);
            Assert.Equal(first[5..], new FileInfo(link).LinkTarget);

            using (var port = new SerialPort(link, 115200) { ReadTimeout = 200 })
            {
                port.Open();
                var text = new StringBuilder();
                var buf = new byte[4096];
                var deadline = DateTime.UtcNow.AddSeconds(15);
                while (DateTime.UtcNow < deadline && !text.ToString().Contains("Thread Operating System", StringComparison.Ordinal))
                {
                    try { text.Append(Encoding.Latin1.GetString(buf, 0, port.Read(buf, 0, buf.Length))); } catch (TimeoutException) { }
                }
                Assert.Contains("V(0.1.3)", text.ToString());
                Assert.Contains("Thread Operating System", text.ToString());
            }

            using (var kill = Process.Start("kill", ["-TERM", p.Id.ToString()])) kill.WaitForExit();
            Assert.True(p.WaitForExit(10_000), "sim did not stop on SIGTERM");
            Assert.Equal(0, p.ExitCode);
            Assert.False(File.Exists(link) || new FileInfo(link).LinkTarget != null, "the link must be removed");
            Assert.Contains("sim: stopped", p.StandardOutput.ReadToEnd());
        }
        finally
        {
            if (!p.HasExited) p.Kill(entireProcessTree: true);
        }
    }
}
