using System.Diagnostics;
using BkConsole.Core.Chips;
using BkConsole.Devices.Beken;
using BkConsole.Devices.Serial;
using BkConsole.Simulator;
using BkConsole.Simulator.Device;

namespace BkConsole.Benchmarks;

/// <summary>
/// `flash`: a whole 4 MiB BK7252 read from the PACED simulator over a real pty with the real SerialPortLink, at
/// 921600 and 2000000 baud, with and without the chip-CRC check per 64 KiB window. Share of the wire rate =
/// bytes × 10 / baud / seconds (the read alone; link, identification and baud switch are printed apart).
/// Args: [baud ...] [--verified-only]. Goal: ≥ 95 % unverified at 2 Mbaud; verified is bounded by the device's CRC
/// rate (<see cref="SimTimings.CrcBytesPerSecond"/>), and the summary line prints that bound and how close we get.
/// </summary>
public sealed class FlashBench : IBenchSuite
{
    public string Name => "flash";

    public string Description => "4 MiB BK7252 UART read against the paced simulator over a pty (share of wire rate)";

    public int Run(string[] args, TextWriter output)
    {
        var rates = args.Where(a => int.TryParse(a, out _)).Select(int.Parse).ToList();
        if (rates.Count == 0) rates = [921_600, 2_000_000];
        bool verifiedOnly = args.Contains("--verified-only");
        int rc = 0;
        output.WriteLine($"load average before: {LoadAverage()}");
        foreach (var baud in rates)
        {
            var shares = new Dictionary<bool, double>();
            foreach (var verify in verifiedOnly ? new[] { true } : new[] { true, false })
            {
                var (setup, seconds, ok, starved) = ReadOnce(baud, verify).GetAwaiter().GetResult();
                long bytes = ChipProfiles.Bk7252.FlashSize;
                double share = bytes * 10.0 / baud / seconds;
                shares[verify] = share;
                string label = $"read 4MiB @{baud} {(verify ? "verified" : "unverified")}";
                output.WriteLine($"{label}: {seconds:0.00} s");
                output.WriteLine($"{label} share of wire rate: {share * 100:0.0} %");
                output.WriteLine($"{label} link+identify+baud: {setup:0.00} s");
                output.WriteLine($"{label} byte-identical: {(ok ? "yes" : "NO")}");
                output.WriteLine($"{label} device idle (nothing queued to send): {starved * 100:0.0} % of 1 ms samples");
                output.WriteLine($"{label} load average after: {LoadAverage()}");
                if (!ok) rc = 1;
                if (baud == 2_000_000 && !verify && share < 0.95) rc = 1;
            }
            // A sequential boot loader sends nothing while it computes a CRC, so one CRC pass over every byte costs
            // bytes / CRC rate on top of bytes / wire rate: verified share ≤ 1 / (1 + wire rate / CRC rate).
            double wire = baud / 10.0;
            double bound = 1 / (1 + wire / SimTimings.CrcBytesPerSecond);
            string summary = $"summary @{baud}:";
            if (shares.TryGetValue(false, out var u)) summary += $" unverified {u * 100:0.0} %,";
            summary += $" verified {shares[true] * 100:0.0} %, bound for CRC at {SimTimings.CrcBytesPerSecond / 1000} kB/s = " +
                       $"1/(1 + {wire / 1000:0.##} kB/s ÷ {SimTimings.CrcBytesPerSecond / 1000} kB/s) = {bound * 100:0.0} %, " +
                       $"verified reaches {shares[true] / bound * 100:0.0} % of the bound";
            output.WriteLine(summary);
        }
        return rc;
    }

    /// <summary>The paced simulator counts a late wake-up of its transmitter as idle line, so machine load lowers the share.</summary>
    private static string LoadAverage()
    {
        try { return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "?"; }
    }

    private static async Task<(double Setup, double Seconds, bool Identical, double Starved)> ReadOnce(int baud, bool verify)
    {
        var chip = ChipProfiles.Bk7252;
        using var host = SimHost.Start(new SimOptions { Chip = chip, Pacing = true, StartInDownloadMode = true, Seed = 7 });
        await using var link = SerialPortLink.Open(host.SlavePath, BekenClient.LinkBaud);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var setup = Stopwatch.StartNew();
        var client = new BekenClient(link) { VerifyReads = verify };
        await client.ConnectAsync(Devices.Beken.Reset.ResetStrategies.Automatic, null, cts.Token);
        await client.IdentifyAsync(null, cts.Token);
        await client.SetBaudRateAsync(baud, null, cts.Token);
        setup.Stop();
        // Sample whether the simulated chip has anything queued to send: if it rarely runs dry, the client keeps it
        // busy and any shortfall from 100 % is the pacing of the simulator itself (late wake-ups on a loaded machine).
        long samples = 0, empty = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(() =>
        {
            while (!sampling.IsCancellationRequested)
            {
                samples++;
                if (host.Device.Transmitter.Pending == 0) empty++;
                Thread.Sleep(1);
            }
        });
        var read = Stopwatch.StartNew();
        var image = await client.ReadAsync(0, chip.FlashSize, null, cts.Token);
        read.Stop();
        sampling.Cancel();
        await sampler;
        bool same = image.AsSpan().SequenceEqual(host.Device.Flash.Snapshot());
        await client.RebootAsync(CancellationToken.None);
        return (setup.Elapsed.TotalSeconds, read.Elapsed.TotalSeconds, same, samples == 0 ? 0 : (double)empty / samples);
    }
}
