using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using BkConsole.Core.Chips;
using BkConsole.Core.Errors;
using BkConsole.Simulator.Device;
using BkConsole.Simulator.Flash;
using BkConsole.Simulator.Scenarios;
using BkConsole.Simulator.Uart;

namespace BkConsole.Cli;

/// <summary>`bkconsole sim`: a simulated BK72xx on a pseudo-terminal, until Ctrl+C.</summary>
public static class SimCommands
{
    public static IEnumerable<Command> Create()
    {
        var chip = new Option<string>("--chip") { Description = $"Chip to simulate: {string.Join(", ", ChipProfiles.Names)}", DefaultValueFactory = _ => "bk7252" };
        var scenario = new Option<string>("--scenario") { Description = $"Behaviour: {string.Join(", ", ScenarioCatalog.Names)}", DefaultValueFactory = _ => "normal" };
        var flash = new Option<string?>("--flash") { Description = "Flash image to serve (must be the chip's full flash size); default: a generated image" };
        var persist = new Option<bool>("--persist") { Description = "Write flash changes back to the --flash file" };
        var link = new Option<string?>("--link") { Description = "Also make this path a symlink to the pty (e.g. /tmp/bk7252)" };
        var logBaud = new Option<int>("--log-baud") { Description = "Rate of the app's log output", DefaultValueFactory = _ => 115200 };
        var noPacing = new Option<bool>("--no-pacing") { Description = "Send bytes as fast as possible instead of at baud/10 bytes per second" };
        var faults = new Option<string?>("--faults") { Description = "Seeded line faults, e.g. rx:drop=0.001,tx:flip=0.0005,stall=0.001:200" };
        var seed = new Option<int>("--seed") { Description = "Seed for log values and faults", DefaultValueFactory = _ => 1 };
        var unplugAfter = new Option<string?>("--unplug-after") { Description = "Unplug the device after this time (e.g. 10s, 500ms), then keep cycling" };
        var replugAfter = new Option<string?>("--replug-after") { Description = "Plug it back in after this time (default 2s)" };

        var sim = new Command("sim", "Run a simulated BK72xx (boot logs + Beken UART bootloader) on a pseudo-terminal until Ctrl+C");
        foreach (var o in new Option[] { chip, scenario, flash, persist, link, logBaud, noPacing, faults, seed, unplugAfter, replugAfter }) sim.Options.Add(o);
        sim.SetAction(async (parse, ct) =>
        {
            var profile = ChipProfiles.Get(parse.GetValue(chip)!);
            var options = new SimOptions
            {
                Chip = profile,
                Scenario = ScenarioCatalog.Get(parse.GetValue(scenario)!).Name,
                LogBaud = CheckBaud(parse.GetValue(logBaud)),
                Pacing = !parse.GetValue(noPacing),
                Faults = FaultSpec.Parse(parse.GetValue(faults)),
                Seed = parse.GetValue(seed),
            };
            string? flashFile = parse.GetValue(flash);
            bool persistFlag = parse.GetValue(persist);
            if (persistFlag && flashFile == null) throw new UsageException("--persist needs --flash FILE", "give the image file that should receive the writes");
            var image = flashFile != null
                ? SimFlash.FromFile(flashFile, profile.FlashSize, persistFlag)
                : new SimFlash(FlashImageBuilder.Build(profile, options.Seed));
            var unplug = ParseTime(parse.GetValue(unplugAfter), "--unplug-after");
            var replug = ParseTime(parse.GetValue(replugAfter), "--replug-after");
            return await RunAsync(options, image, parse.GetValue(link), unplug, replug, parse.InvocationConfiguration.Output, ct);
        });
        yield return sim;
    }

    private static int CheckBaud(int baud) =>
        baud is >= 1200 and <= 6_000_000 ? baud : throw new UsageException($"--log-baud {baud} is out of range", "use a UART rate such as 115200, 921600 or 2000000");

    internal static TimeSpan? ParseTime(string? text, string option)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        text = text.Trim().ToLowerInvariant();
        (string number, double scale) = text.EndsWith("ms") ? (text[..^2], 0.001) : text.EndsWith('s') ? (text[..^1], 1) : text.EndsWith('m') ? (text[..^1], 60) : (text, 1);
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || v <= 0 || v * scale > 86400)
            throw new UsageException($"{option} '{text}' is not a time", "write it like 10s, 500ms or 2m");
        return TimeSpan.FromSeconds(v * scale);
    }

    private static async Task<int> RunAsync(SimOptions options, SimFlash flash, string? link, TimeSpan? unplug, TimeSpan? replug,
        TextWriter output, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
        using var host = SimHost.Start(options, link, flash, unplug, replug);
        var gate = new object();
        void Line(string s)
        {
            lock (gate)
            {
                output.WriteLine(s);
                output.Flush();
            }
        }
        Line($"pty: {host.SlavePath}");
        if (link != null) Line($"link: {link} -> {host.SlavePath}");
        Line($"chip: {options.Chip.Name} ({options.Chip.Family}, {options.Chip.FlashSize / 1024} KiB flash{(flash.BackingFile != null ? ", " + flash.BackingFile + (flash.Persist ? ", persisted" : ", not persisted") : ", generated image")}), scenario: {options.Scenario}, log baud {options.LogBaud}{(options.Pacing ? "" : ", no pacing")}");
        Line($"connect: picocom -b {options.LogBaud} {link ?? host.SlavePath}   (boot code: 115200; link checks reboot the running app into download mode)");
        Line("Ctrl+C to stop.");
        host.Device.Notice += m => Line($"sim: {m}");
        host.PortChanged += p => Line(p.Length == 0 ? "sim: unplugged" : $"pty: {p}");
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
        Line($"sim: stopped after {host.Device.BootCount} boot(s), {host.Device.Bootloader.Commands} bootloader command(s) in the last session");
        return ExitCodes.Ok;
    }
}
