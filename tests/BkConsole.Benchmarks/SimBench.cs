using System.Diagnostics;
using System.IO.Ports;
using System.Text;
using System.Text.RegularExpressions;
using BkConsole.Core.Chips;
using BkConsole.Simulator.Device;
using BkConsole.Simulator.Uart;

namespace BkConsole.Benchmarks;

/// <summary>
/// `sim`: how exactly the simulator paces its UART (flood scenario over a real pty + SerialPort at 115200, 921600
/// and 2 Mbaud: bytes/s against baud/10, and lost lines), and bootloader read throughput (Read4K at 2 Mbaud paced,
/// and unpaced over the in-memory link).
/// </summary>
public sealed class SimBench : IBenchSuite
{
    public string Name => "sim";

    public string Description => "simulator UART pacing accuracy and bootloader read throughput";

    public int Run(string[] args, TextWriter output)
    {
        foreach (int baud in new[] { 115200, 921600, 2000000 }) Flood(baud, output);
        PacedRead(output);
        UnpacedRead(output);
        return 0;
    }

    private static void Flood(int baud, TextWriter output)
    {
        using var host = SimHost.Start(new SimOptions { Scenario = "flood", LogBaud = baud, BootWindow = TimeSpan.FromMilliseconds(50) });
        using var port = new SerialPort(host.SlavePath, baud) { ReadTimeout = 200, ReadBufferSize = 1 << 20 };
        port.Open();
        var buf = new byte[65536];
        var text = new StringBuilder();
        // skip the boot until the flood starts
        var until = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow < until && !text.ToString().Contains("seq=", StringComparison.Ordinal))
        {
            try { text.Append(Encoding.Latin1.GetString(buf, 0, port.Read(buf, 0, buf.Length))); } catch (TimeoutException) { }
        }
        text.Clear();
        long bytes = 0;
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < TimeSpan.FromSeconds(3))
        {
            try
            {
                int n = port.Read(buf, 0, buf.Length);
                bytes += n;
                text.Append(Encoding.Latin1.GetString(buf, 0, n));
            }
            catch (TimeoutException) { }
        }
        double seconds = sw.Elapsed.TotalSeconds;
        var seqs = Regex.Matches(text.ToString(), @"seq=(\d{8})").Select(m => long.Parse(m.Groups[1].Value)).ToList();
        long gaps = 0;
        for (int i = 1; i < seqs.Count; i++) if (seqs[i] != seqs[i - 1] + 1) gaps++;
        double rate = bytes / seconds;
        output.WriteLine($"flood {baud,7} baud: {rate,9:F0} B/s received vs {baud / 10,6} B/s nominal ({100 * rate / (baud / 10.0):F1}%), {seqs.Count} lines, {gaps} sequence gaps");
    }

    private static void PacedRead(TextWriter output)
    {
        using var host = SimHost.Start(new SimOptions { Chip = ChipProfiles.Bk7252, StartInDownloadMode = true });
        using var port = new SerialPort(host.SlavePath, 115200) { ReadTimeout = 2000, ReadBufferSize = 1 << 20 };
        port.Open();
        port.Write([0x01, 0xE0, 0xFC, 0x06, 0x0F, 0x80, 0x84, 0x1E, 0x00, 0x14], 0, 10);
        Thread.Sleep(10);
        port.BaudRate = 2000000;
        ReadExactly(port, 12);
        const int sectors = 128;
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < sectors; i++)
        {
            uint a = 0x11000u + (uint)i * 0x1000;
            port.Write([0x01, 0xE0, 0xFC, 0xFF, 0xF4, 0x05, 0x00, 0x09, (byte)a, (byte)(a >> 8), (byte)(a >> 16), (byte)(a >> 24)], 0, 12);
            ReadExactly(port, 4111);
        }
        double s = sw.Elapsed.TotalSeconds;
        double wire = sectors * (12 + 4111) * 10.0 / 2000000;
        output.WriteLine($"read4k paced 2 Mbaud over pty: {sectors * 4} KiB in {s:F2} s = {sectors * 4 / s:F0} KiB/s (wire time {wire:F2} s; 4 MiB would take {s * 4096 / (sectors * 4):F1} s)");
    }

    private static void UnpacedRead(TextWriter output)
    {
        var link = new InMemoryLink();
        using var device = new SimulatedDevice(link.Device, new SimOptions { Chip = ChipProfiles.Bk7252, StartInDownloadMode = true, Pacing = false });
        device.Start();
        var buf = new byte[4111];
        const int sectors = 1024;
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < sectors; i++)
        {
            uint a = 0x11000u + (uint)i * 0x1000;
            link.Host.WriteAsync(new byte[] { 0x01, 0xE0, 0xFC, 0xFF, 0xF4, 0x05, 0x00, 0x09, (byte)a, (byte)(a >> 8), (byte)(a >> 16), (byte)(a >> 24) }, default).AsTask().Wait();
            int have = 0;
            while (have < buf.Length) have += link.Host.ReadAsync(buf.AsMemory(have), default).AsTask().Result;
        }
        double s = sw.Elapsed.TotalSeconds;
        output.WriteLine($"read4k unpaced in-memory: {sectors * 4} KiB in {s:F2} s = {sectors * 4 / s / 1024:F1} MiB/s");
        link.Host.DisposeAsync().AsTask().Wait();
        link.Device.Dispose();
    }

    private static void ReadExactly(SerialPort port, int count)
    {
        var b = new byte[count];
        int have = 0;
        while (have < count) have += port.Read(b, have, count - have);
    }
}
