using System.Diagnostics;
using BkConsole.Devices.Spi;
using BkConsole.Devices.Spi.Ch341a;
using BkConsole.Simulator.Spi;

namespace BkConsole.Benchmarks;

/// <summary>
/// Suite "spi": the real driver stack (CH341A master, Spi25, SpiFlashService) against the emulated CH341A +
/// BK7252 + XT25F32B. Prints the modelled time (SCK 1.5 MHz, 1 ms USB frames) and the wall-clock time of a
/// 4 MiB read, a second-pass verified read, and erase + program + verify of 4 MiB. Goal: read ≤ 35 s modelled.
/// </summary>
public sealed class SpiBench : IBenchSuite
{
    private const double ReadGoalSeconds = 35;

    public string Name => "spi";

    public string Description => "CH341A SPI: modelled + wall time for a 4 MiB read and erase+program+verify (goal read <= 35 s)";

    public int Run(string[] args, TextWriter output)
    {
        const int size = 4 << 20;
        var rig = new SpiEmulatorRig(SpiEmulatorRig.SampleImage(), new Bk7252SpiOptions { SuccessProbability = 0.2, FirmwareProtects = true });
        var master = new Ch341aSpiMaster(rig.Usb, "emulator");
        using var service = new SpiFlashService(master, master);
        var ct = CancellationToken.None;

        var (info, entry) = Measure(master, () => service.Connect(null, ct));
        output.WriteLine($"spi.entry: {info.EntryAttempts} attempts, {entry.Model.TotalSeconds:0.00} s modelled, {entry.Wall.TotalMilliseconds:0} ms wall");

        var (_, read) = Measure(master, () => service.Read(0, size, verify: false, null, ct));
        double sckLimit = size * 8 / 1.5e6;
        output.WriteLine($"spi.read_4MiB_modelled: {read.Model.TotalSeconds:0.00} s ({size / 1024.0 / read.Model.TotalSeconds:0.0} KiB/s; SCK limit {sckLimit:0.00} s; flashrom ~68 s on hardware)");
        output.WriteLine($"spi.read_4MiB_wall: {read.Wall.TotalSeconds:0.00} s");

        var (_, verified) = Measure(master, () => service.Read(0, size, verify: true, null, ct));
        output.WriteLine($"spi.read_4MiB_second_pass_modelled: {verified.Model.TotalSeconds:0.00} s");
        output.WriteLine($"spi.read_4MiB_second_pass_wall: {verified.Wall.TotalSeconds:0.00} s");

        service.Unprotect(null, ct);
        var image = new byte[size];
        new Random(2026).NextBytes(image); // unlike the sample image everywhere: every sector needs erasing
        var stages = new Dictionary<SpiStage, TimeSpan>();
        var progress = new StageClock(master, stages);
        var (firstWrite, write) = Measure(master, () => service.Write(0, image, verify: true, progress, ct));
        output.WriteLine($"spi.erase_program_verify_4MiB_modelled: {write.Model.TotalSeconds:0.00} s " +
                         $"(read first {stages.GetValueOrDefault(SpiStage.Reading).TotalSeconds:0.0} s, erase {stages.GetValueOrDefault(SpiStage.Erasing).TotalSeconds:0.0} s, program {stages.GetValueOrDefault(SpiStage.Programming).TotalSeconds:0.0} s, " +
                         $"verify {stages.GetValueOrDefault(SpiStage.Verifying).TotalSeconds:0.0} s)");
        output.WriteLine($"spi.erase_program_verify_4MiB_wall: {write.Wall.TotalSeconds:0.00} s ({firstWrite})");
        bool same = rig.Flash.Contents.AsSpan().SequenceEqual(image);
        output.WriteLine($"spi.write_result: {(same ? "flash equals image" : "MISMATCH")}");

        image[0x123456] ^= 0x01;
        var (summary, rewrite) = Measure(master, () => service.Write(0, image, verify: true, null, ct));
        output.WriteLine($"spi.rewrite_4MiB_one_byte_changed_modelled: {rewrite.Model.TotalSeconds:0.00} s ({summary})");
        output.WriteLine($"spi.rewrite_4MiB_one_byte_changed_wall: {rewrite.Wall.TotalSeconds:0.00} s");

        bool goal = read.Model.TotalSeconds <= ReadGoalSeconds;
        output.WriteLine($"spi.goal_read_le_35s: {(goal ? "met" : "MISSED")}");
        return goal && same ? 0 : 1;
    }

    private static (T Result, (TimeSpan Model, TimeSpan Wall) Time) Measure<T>(ISpiMaster master, Func<T> work)
    {
        var m0 = master.Elapsed;
        var sw = Stopwatch.StartNew();
        var r = work();
        return (r, (master.Elapsed - m0, sw.Elapsed));
    }

    /// <summary>Modelled time spent in each stage, from the progress reports.</summary>
    private sealed class StageClock(ISpiMaster master, Dictionary<SpiStage, TimeSpan> stages) : IProgress<SpiProgress>
    {
        private TimeSpan _since = master.Elapsed;

        /// <summary>Time since the previous report belongs to the stage of this one.</summary>
        public void Report(SpiProgress value)
        {
            stages[value.Stage] = stages.GetValueOrDefault(value.Stage) + (master.Elapsed - _since);
            _since = master.Elapsed;
        }
    }
}
