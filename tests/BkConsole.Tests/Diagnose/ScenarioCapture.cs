using System.Text;
using BkConsole.Core.Chips;
using BkConsole.Core.Events;
using BkConsole.Logs.Boots;
using BkConsole.Logs.Diagnosis;
using BkConsole.Logs.Pipeline;
using BkConsole.Simulator.Device;
using BkConsole.Simulator.Scenarios;
using BkConsole.Simulator.Uart;

namespace BkConsole.Tests.Diagnose;

/// <summary>
/// Plays a simulator scenario in-process for a few boots (the bytes the device would print, with host times from
/// the scenario's delays and garbage where the app logs at another rate) and runs them through the log pipeline.
/// </summary>
internal static class ScenarioCapture
{
    /// <summary>Emits after the app is running before the capture stops (periodic lines are endless).</summary>
    private const int RunningEmits = 40;

    public static DiagnosisInput Run(string scenario, int boots, int seed = 1, int hostBaud = 115200)
    {
        var sc = ScenarioCatalog.Get(scenario);
        var chip = ChipProfiles.Bk7252;
        var state = new ScenarioState();
        var rnd = new Random(seed);
        var sink = new Sink();
        var pipeline = new LogPipeline(sink);
        var time = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        var cause = BkConsole.Simulator.Scenarios.ResetCause.PowerOn;
        for (int n = 1; n <= boots; n++)
        {
            var ctx = new BootContext(chip, SimChipTraits.For(chip), n, cause, rnd, hostBaud, state);
            int rate = 115200, afterRunning = -1;
            bool reset = false;
            foreach (var step in sc.Boot(ctx))
            {
                switch (step)
                {
                    case Emit e:
                        var bytes = Encoding.UTF8.GetBytes(e.Text);
                        if (!BaudMismatch.Compatible(rate, hostBaud)) bytes = BaudMismatch.Resample(bytes, rate, hostBaud);
                        pipeline.Push(bytes, time);
                        time = time.AddMilliseconds(1 + bytes.Length / 11.52);
                        if (afterRunning >= 0) afterRunning++;
                        break;
                    case Delay d: time += d.Duration; break;
                    case LogRate r: rate = r.Baud; break;
                    case AppRunning: afterRunning = 0; break;
                    case ChipReset c: cause = c.Cause; reset = true; break;
                }
                if (reset || afterRunning >= RunningEmits) break;
            }
            if (!reset) break; // the device keeps running (or stays silent): the capture ends here
            time = time.AddMilliseconds(300);
        }
        pipeline.Complete();
        return DiagnosisInput.From(pipeline.Boots, sink.Events, sink.Lines);
    }

    private sealed class Sink : ILogSink
    {
        public List<string> Lines { get; } = [];
        public List<LogEvent> Events { get; } = [];

        public void OnLine(LogLine line, int boot)
        {
            while (Lines.Count < line.LineNo - 1) Lines.Add("");
            Lines.Add(line.Text);
        }

        public void OnEvent(LogEvent ev) => Events.Add(ev);

        public void OnBoot(BootRecord boot, BootChange change) { }
    }
}
