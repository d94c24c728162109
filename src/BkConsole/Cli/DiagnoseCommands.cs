using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using BkConsole.Core.Errors;
using BkConsole.Devices.Images;

namespace BkConsole.Cli;

/// <summary>Verbs of the diagnosis area: <c>diagnose</c>, <c>diff</c>, <c>image info|decrc|crc</c>.</summary>
public static class DiagnoseCommands
{
    /// <summary>Largest image file read into memory (a 16 MiB flash plus room).</summary>
    private const long MaxImageBytes = 64L * 1024 * 1024;

    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static IEnumerable<Command> Create()
    {
        foreach (var c in DiagnoseLogCommands.Create()) yield return c;
        yield return ImageCommand();
    }

    private static Command ImageCommand()
    {
        var image = new Command("image", "Analyse and convert flash images (dumps, UA/QIO files)");

        var file = new Argument<string>("FILE") { Description = "Flash image or dump" };
        var json = new Option<bool>("--json") { Description = "One JSON object" };
        var secrets = new Option<bool>("--show-secrets") { Description = "Print Tuya storage secrets (uuid, keys, Wi-Fi password) in clear" };
        var db = StoreCommands.DbOption(); // shows the device and boots recorded with this dump
        var info = new Command("info", "Size vs chip, bootloader, CRC-packed regions, RBL headers, layout, Tuya storage") { file, json, secrets, db };
        info.SetAction(pr =>
        {
            var path = pr.GetValue(file)!;
            var data = ReadImage(path);
            var report = ImageAnalyzer.Analyze(data);
            var o = pr.InvocationConfiguration.Output;
            var links = Links(pr.GetValue(db), data);
            if (pr.GetValue(json))
            {
                var obj = ImageOutput.ToJson(path, report, pr.GetValue(secrets));
                if (links != null) obj["store"] = ImageOutput.LinksJson(links);
                o.WriteLine(obj.ToJsonString(Indented));
            }
            else
            {
                ImageOutput.WriteText(o, path, report, pr.GetValue(secrets));
                if (links != null) ImageOutput.WriteLinks(o, links);
            }
            return report.LooksValid ? ExitCodes.Ok : ExitCodes.Failure;
        });
        image.Subcommands.Add(info);

        var inFile = new Argument<string>("FILE") { Description = "Input image" };
        var output = new Option<string>("--output", "-o") { Description = "Output file", Required = true };
        var decrc = new Command("decrc", "CRC16-packed (34-byte blocks) → plain, checking every block CRC") { inFile, output };
        decrc.SetAction(pr => Decrc(pr.GetValue(inFile)!, pr.GetValue(output)!, pr.InvocationConfiguration.Output));
        image.Subcommands.Add(decrc);

        var force = new Option<bool>("--force") { Description = "Pack even if the input already looks CRC-packed" };
        var crc = new Command("crc", "Plain → CRC16-packed (adds a CRC-16/CMS after every 32 bytes)") { inFile, output, force };
        crc.SetAction(pr => Crc(pr.GetValue(inFile)!, pr.GetValue(output)!, pr.GetValue(force), pr.InvocationConfiguration.Output));
        image.Subcommands.Add(crc);
        return image;
    }

    /// <summary>The stored dump with these bytes, when a store is given (or the default one exists).</summary>
    private static DumpContext? Links(string? db, byte[] data)
    {
        var path = db ?? BkConsole.Storage.StorePaths.DefaultDatabase();
        if (!File.Exists(path)) return null;
        using var store = BkConsole.Storage.BkStore.OpenReadOnly(path);
        return DumpLinks.FindBySha256(store, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(data)));
    }

    internal static int Decrc(string input, string output, TextWriter o)
    {
        CheckOutput(input, output);
        var data = ReadImage(input);
        var u = Crc16Packing.Unpack(data);
        if (!u.LooksPacked)
            throw new BkException(
                $"{input} does not look CRC-packed: {u.GoodBlocks} of {u.Blocks} blocks carry a valid CRC-16 ({u.BadBlocks} bad)",
                "it is probably plain already; 'bkconsole image info' shows what it is");
        File.WriteAllBytes(output, u.Plain);
        o.WriteLine($"{output}: {u.Plain.Length} bytes from {u.Blocks} blocks ({u.GoodBlocks} ok, {u.EmptyBlocks} erased, {u.BadBlocks} bad)");
        if (u.TrailingBytes > 0) o.WriteLine($"warning: {u.TrailingBytes} trailing bytes do not fill a 34-byte block; copied as they are");
        if (u.BadBlocks == 0) return ExitCodes.Ok;
        o.WriteLine("bad blocks (physical offsets): " + string.Join(", ", u.BadOffsets.Take(64).Select(b => "0x" + b.ToString("x6", CultureInfo.InvariantCulture)))
                    + (u.BadOffsets.Count > 64 ? $" (+{u.BadBlocks - 64} more)" : ""));
        return ExitCodes.Failure;
    }

    internal static int Crc(string input, string output, bool force, TextWriter o)
    {
        CheckOutput(input, output);
        var data = ReadImage(input);
        if (!force && Crc16Packing.Unpack(data, 0) is { LooksPacked: true, GoodBlocks: > 16 } u && u.BadBlocks == 0)
            throw new BkException($"{input} is already CRC-packed ({u.GoodBlocks} valid blocks)",
                "packing twice corrupts the image; use --force if you really mean it");
        var packed = Crc16Packing.Pack(data);
        File.WriteAllBytes(output, packed);
        o.WriteLine($"{output}: {packed.Length} bytes ({packed.Length / Crc16Packing.BlockBytes} blocks of 34 bytes from {data.Length} plain bytes)");
        return ExitCodes.Ok;
    }

    private static void CheckOutput(string input, string output)
    {
        if (Path.GetFullPath(input) == Path.GetFullPath(output))
            throw new UsageException("output must not be the input file", "give another name with -o");
    }

    internal static byte[] ReadImage(string path)
    {
        InputFiles.Check(path, "flash image", "dump.bin");
        var fi = new FileInfo(path);
        if (fi.Length > MaxImageBytes)
            throw new UsageException($"{path} is {fi.Length} bytes; flash images are at most {MaxImageBytes / 1024 / 1024} MiB");
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw InputFiles.Unreadable(path, ex);
        }
    }

    internal static string ToJsonLine(object value) => JsonSerializer.Serialize(value, Compact);
}
