using System.Diagnostics;
using System.Globalization;
using BkConsole.Core.Checksums;
using BkConsole.Devices.Images;
using BkConsole.Logs.Diagnosis;

namespace BkConsole.Benchmarks;

/// <summary>
/// "diag": the diagnosis engine over the real corpus (logs/, parsed once, diagnosed repeatedly — boots/s) and
/// image analysis of a generated 4 MiB BK7252 dump (MB/s).
/// </summary>
public sealed class DiagBench : IBenchSuite
{
    public string Name => "diag";

    public string Description => "findings over the real log corpus (boots/s), image info on a 4 MiB image (MB/s)";

    public int Run(string[] args, TextWriter output)
    {
        CorpusFindings(output);
        ImageInfo(output);
        return 0;
    }

    private static void CorpusFindings(TextWriter o)
    {
        var inputs = DiagBenchCorpus.Load();
        if (inputs.Count == 0)
        {
            o.WriteLine("findings: skipped (logs/ not found)");
            return;
        }
        int boots = inputs.Sum(i => i.Boots.Count);
        var engine = DiagnosisEngine.Default;
        int findings = inputs.Sum(i => engine.Diagnose(i).Count); // warm-up
        var sw = Stopwatch.StartNew();
        long rounds = 0;
        while (sw.Elapsed < TimeSpan.FromSeconds(3))
        {
            foreach (var i in inputs) engine.Diagnose(i);
            rounds++;
        }
        sw.Stop();
        double bootsPerSec = rounds * boots / sw.Elapsed.TotalSeconds;
        o.WriteLine($"findings corpus: {inputs.Count} files, {boots} boots, {findings} findings per pass");
        o.WriteLine($"findings rate: {bootsPerSec.ToString("N0", CultureInfo.InvariantCulture)} boots/s ({rounds} passes in {sw.Elapsed.TotalSeconds:0.00} s)");

        // Incremental (live TUI): re-diagnose only the last boot of the largest capture.
        var big = inputs.OrderByDescending(i => i.Boots.Count).First();
        var live = big with { FirstBoot = big.Boots[^1].Record.Index };
        sw.Restart();
        long n = 0;
        while (sw.Elapsed < TimeSpan.FromSeconds(1)) { engine.Diagnose(live); n++; }
        o.WriteLine($"incremental re-run (last boot of {big.Boots.Count}): {(sw.Elapsed.TotalMilliseconds * 1000 / n).ToString("0.0", CultureInfo.InvariantCulture)} µs per run");
    }

    private static void ImageInfo(TextWriter o)
    {
        var image = FourMiBImage();
        ImageAnalyzer.Analyze(image); // warm-up
        var sw = Stopwatch.StartNew();
        int runs = 0;
        ImageReport? r = null;
        while (sw.Elapsed < TimeSpan.FromSeconds(3)) { r = ImageAnalyzer.Analyze(image); runs++; }
        sw.Stop();
        double mbps = runs * (double)image.Length / 1e6 / sw.Elapsed.TotalSeconds;
        o.WriteLine($"image info 4 MiB: {mbps.ToString("0.0", CultureInfo.InvariantCulture)} MB/s ({(sw.Elapsed.TotalMilliseconds / runs).ToString("0.0", CultureInfo.InvariantCulture)} ms per image, layout {r!.Layout.Layout?.Id ?? "unknown"}, {r.PackedRegions.Count} packed regions, {r.RblHeaders.Count} RBL headers)");
    }

    /// <summary>A BK7252 (LibreTiny layout) dump: packed bootloader + 1.6 MiB app with its RBL, an OTA package, data.</summary>
    private static byte[] FourMiBImage()
    {
        var rnd = new Random(42);
        var img = new byte[4 * 1024 * 1024];
        img.AsSpan().Fill(0xFF);
        long logicalEnd = Crc16Packing.ToLogical(0x1CB000);
        var logical = new byte[logicalEnd];
        logical.AsSpan().Fill(0xFF);
        var app = new byte[0x190000];
        rnd.NextBytes(app);
        rnd.NextBytes(logical.AsSpan(0, 0x8000));
        app.CopyTo(logical, 0x10000);
        RblHeader.For(app, "app", "1.0.0").ToBytes().CopyTo(logical, logicalEnd - 0x60);
        Crc16Packing.Pack(logical).CopyTo(img, 0);
        var pkg = new byte[0x80000];
        rnd.NextBytes(pkg);
        RblHeader.For(pkg, "app", "1.0.1").ToBytes().CopyTo(img, 0x2EC000);
        pkg.CopyTo(img, 0x2EC000 + RblHeader.Size);
        rnd.NextBytes(img.AsSpan(0x1CB000, 0x20000));
        _ = BekenCrc32.Zlib(img);
        return img;
    }
}
