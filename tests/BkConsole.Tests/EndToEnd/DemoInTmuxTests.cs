using BkConsole.TestKit;

namespace BkConsole.Tests.EndToEnd;

/// <summary>
/// The README's main-job command, end to end: the BUILT <c>bkconsole demo</c> in a real terminal (tmux, 160×48),
/// watched and driven like a user would. Deadlines are generous and everything is polled (slow CI machines).
/// </summary>
public sealed class DemoInTmuxTests
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan BootDeadline = TimeSpan.FromSeconds(150);
    private static readonly TimeSpan KeyDeadline = TimeSpan.FromSeconds(30);

    private static string BuiltExecutable()
    {
        var exe = Path.Combine(AppContext.BaseDirectory, "bkconsole");
        Assert.True(File.Exists(exe), $"the built bkconsole is not next to the tests ({exe})");
        return exe;
    }

    [Fact]
    public void The_demo_shows_the_failed_OTA_boot_answers_F1_and_quits_with_Ctrl_Q_and_exit_code_0()
    {
        Assert.True(Tmux.Available(), "tmux is needed for the end-to-end test (apt-get install tmux; .ci/run installs it)");
        using var folder = new TempFolder("e2e");
        var exitFile = folder.File("exit-code");
        var script = folder.File("run.sh");
        File.WriteAllText(script, $"""
            #!/bin/sh
            export XDG_DATA_HOME='{folder.File("data")}' XDG_CONFIG_HOME='{folder.File("config")}'
            '{BuiltExecutable()}' demo --log '{folder.File("capture.log")}' 2>'{folder.File("stderr.txt")}'
            echo $? > '{exitFile}'
            """);
        using var tmux = Tmux.Start($"sh '{script}'");

        var screen = tmux.WaitFor(s => s.Contains("115200 baud") && s.Contains("● connected"), "the status bar", StartDeadline);
        Assert.Contains("/tmp/bkconsole-demo-", screen);

        // the second boot: the bootloader finds no FAL partition table and jumps to 0x10000 anyway
        screen = tmux.WaitFor(s => s.Contains("fal.partition_table_missing") && s.Contains("Boots (2)"),
            "the FAL-missing event of boot 2", BootDeadline);
        Assert.Contains("0x10000", screen);
        tmux.WaitFor(s => s.Contains("OTA update not applied"), "the finding", KeyDeadline);

        // the RT-Thread banner has scrolled by: find it in the scrollback
        tmux.Type("/");
        tmux.Type("Thread Operating System");
        tmux.Keys("Enter");
        screen = tmux.WaitFor(s => s.Contains("- RT -     Thread Operating System"), "the RT-Thread banner found by search", KeyDeadline);
        tmux.Type("/");
        tmux.Type("os_addr");
        tmux.Keys("Enter");
        tmux.WaitFor(s => s.Contains("go os_addr(0x10000)"), "the jump to 0x10000 found by search", KeyDeadline);

        tmux.Keys("F1");
        screen = tmux.WaitFor(s => s.Contains("Keys — F1 or Esc closes"), "the F1 help", KeyDeadline);
        Assert.Contains("dump the whole flash", screen);
        Assert.Contains("Ctrl+Q", screen);
        tmux.Keys("Escape");
        tmux.WaitFor(s => !s.Contains("Keys — F1 or Esc closes"), "the help to close", KeyDeadline);

        tmux.Keys("C-q");
        var until = DateTime.UtcNow + KeyDeadline;
        while (!File.Exists(exitFile) || File.ReadAllText(exitFile).Trim().Length == 0)
        {
            Assert.True(DateTime.UtcNow < until, "bkconsole did not exit after Ctrl+Q; stderr: " + ReadOrEmpty(folder.File("stderr.txt")));
            Thread.Sleep(200);
        }
        Assert.Equal("0", File.ReadAllText(exitFile).Trim());
        Assert.Equal("", ReadOrEmpty(folder.File("stderr.txt")));
        Assert.Contains("Partition table NOT found", File.ReadAllText(folder.File("capture.log")));
    }

    private static string ReadOrEmpty(string path) => File.Exists(path) ? File.ReadAllText(path).Trim() : "";
}
