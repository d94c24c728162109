using System.CommandLine;
using BkConsole.Core.Errors;
using BkConsole.Simulator.Device;
using BkConsole.Simulator.Flash;
using BkConsole.Simulator.Scenarios;
using BkConsole.Tui.Host;
using BkConsole.Tui.Session;

namespace BkConsole.Cli;

/// <summary>The live terminal's verbs: <c>monitor</c>, <c>demo</c>, and what <c>bkconsole</c> alone does.</summary>
public static class MonitorCommands
{
    /// <summary>Name under which the demo's simulated doorbell is stored and remembered.</summary>
    public const string DemoDevice = "sim-bk7252-doorbell";

    public static IEnumerable<Command> Create()
    {
        yield return Monitor();
        yield return Demo();
    }

    private static Command Monitor()
    {
        var port = new Argument<string>("PORT") { Description = "Serial port, e.g. /dev/ttyUSB0 or a /dev/serial/by-id/... name" };
        var baud = new Option<int>("--baud") { Description = "Baud rate of the log", DefaultValueFactory = _ => 115200 };
        var db = new Option<string?>("--db") { Description = StoreCommands.DbDescription };
        var log = new Option<string?>("--log") { Description = "Append every received byte to this file" };
        var ending = new Option<string>("--line-ending") { Description = "Line ending for sent lines: crlf, lf or cr", DefaultValueFactory = _ => "crlf" };
        ending.AcceptOnlyFromAmong("crlf", "lf", "cr");
        var echo = new Option<bool>("--echo") { Description = "Show sent lines in the log (local echo)" };
        var cmd = new Command("monitor", "Watch a device's UART log live: colours, events, boots, findings, capture, one-key dump")
        {
            port, baud, db, log, ending, echo,
        };
        cmd.SetAction(pr =>
        {
            int b = pr.GetValue(baud);
            MonitorHost.CheckBaud(b);
            MonitorOptions.TryParseEnding(pr.GetValue(ending) ?? "crlf", out var e);
            var options = new MonitorOptions
            {
                Port = pr.GetValue(port)!,
                Baud = b,
                DbPath = pr.GetValue(db),
                LogFile = pr.GetValue(log),
                LineEnding = e,
                Echo = pr.GetValue(echo),
                DeviceName = ByIdName(pr.GetValue(port)!),
            };
            return MonitorHost.RunAsync(options).GetAwaiter().GetResult();
        });
        return cmd;
    }

    /// <summary>What the demo shows unless told otherwise: a healthy boot, an OTA, the FAL table missing, the old app again.</summary>
    private const string DemoScenario = "ota-fal-missing";

    private static Command Demo()
    {
        var scenario = new Option<string>("--scenario")
        {
            Description = "What the simulated doorbell does: " + string.Join(", ", ScenarioCatalog.Names),
            DefaultValueFactory = _ => DemoScenario,
        };
        var db = new Option<string?>("--db") { Description = StoreCommands.DbDescription };
        var log = new Option<string?>("--log") { Description = "Append every received byte to this file" };
        var cmd = new Command("demo", "The live terminal on a built-in simulated BK7252 doorbell (no hardware needed)") { scenario, db, log };
        cmd.SetAction(pr => RunDemo(pr.GetValue(scenario) ?? DemoScenario, pr.GetValue(db), pr.GetValue(log)));
        return cmd;
    }

    /// <summary>Starts the simulated doorbell on a pty in this process and monitors it through the real serial link.</summary>
    public static int RunDemo(string scenario, string? db, string? log)
    {
        ScenarioCatalog.Get(scenario); // unknown names fail before anything starts
        var link = Path.Combine(Path.GetTempPath(), $"bkconsole-demo-{Environment.ProcessId}");
        var options = new MonitorOptions
        {
            Port = link,
            Baud = 115200,
            DbPath = db,
            LogFile = log,
            DeviceName = DemoDevice,
            Echo = true,
        };
        // one flash array for both paths: the doorbell's UART bootloader and the emulated CH341A read the same chip
        var sim = new SimOptions { Scenario = scenario };
        var flash = FlashImageBuilder.Build(sim.Chip, sim.Seed);
        return MonitorHost.RunAsync(options, suggestedFlashPort: "same",
            startDevice: () => SimHost.Start(sim, link, new SimFlash(flash)), spiProgrammer: "emulator", emulatedFlash: flash)
            .GetAwaiter().GetResult();
    }

    /// <summary><c>bkconsole</c> alone: list the serial ports (with by-id names), or offer the demo when there are none.</summary>
    public static void ConfigureRoot(RootCommand root)
    {
        root.SetAction(pr =>
        {
            var output = pr.InvocationConfiguration.Output;
            var ports = MonitorHost.Ports();
            if (ports.Count == 0)
            {
                output.WriteLine("No serial port found (no /dev/ttyUSB*, /dev/ttyACM*, /dev/serial/by-id/*).");
                output.WriteLine("Try the built-in simulated BK7252 doorbell (a boot, an OTA, the FAL table missing):  bkconsole demo");
                output.WriteLine("                                               or a plain healthy boot:  bkconsole demo --scenario normal");
                if (!Console.IsInputRedirected && !Console.IsOutputRedirected)
                {
                    output.Write("Start the demo now? [Y/n] ");
                    var answer = Console.ReadLine()?.Trim().ToLowerInvariant();
                    if (answer is "" or "y" or "yes") return RunDemo(DemoScenario, null, null);
                }
                return ExitCodes.Ok;
            }
            output.WriteLine("Serial ports:");
            for (int i = 0; i < ports.Count; i++) output.WriteLine($"  {i + 1}. {ports[i]}");
            output.WriteLine();
            output.WriteLine($"Watch one:  bkconsole monitor {ports[0].ById ?? ports[0].Path} --baud 115200");
            output.WriteLine("No device at hand?  bkconsole demo");
            if (!Console.IsInputRedirected && !Console.IsOutputRedirected)
            {
                output.Write($"Monitor which one at 115200 baud? [1-{ports.Count}, d = demo, Enter = quit] ");
                var answer = Console.ReadLine()?.Trim().ToLowerInvariant();
                if (answer == "d") return RunDemo(DemoScenario, null, null);
                if (int.TryParse(answer, out int n) && n >= 1 && n <= ports.Count)
                {
                    var chosen = ports[n - 1];
                    return MonitorHost.RunAsync(new MonitorOptions
                    {
                        Port = chosen.ById ?? chosen.Path,
                        DeviceName = ByIdName(chosen.ById ?? chosen.Path),
                    }).GetAwaiter().GetResult();
                }
            }
            return ExitCodes.Ok;
        });
    }

    /// <summary>The device name for the store and file names: the by-id name when the port is one, else the port's name.</summary>
    private static string ByIdName(string port)
    {
        var name = Path.GetFileName(port);
        return string.IsNullOrEmpty(name) ? port : name;
    }
}
