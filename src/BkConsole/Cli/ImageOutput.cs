using System.Globalization;
using System.Text.Json.Nodes;
using BkConsole.Devices.Images;

namespace BkConsole.Cli;

/// <summary>Renders an <see cref="ImageReport"/> as colour-free text or as one JSON object (addresses as "0x…").</summary>
internal static class ImageOutput
{
    public static void WriteText(TextWriter o, string file, ImageReport r, bool showSecrets)
    {
        o.WriteLine($"file:        {file}");
        o.WriteLine($"size:        {r.SizeVerdict}");
        o.WriteLine(r.IntegrityProblems.Count == 0
            ? "integrity:   ok (not blank, no wrap, no repeated sectors)"
            : "integrity:   NOT A GOOD DUMP — " + string.Join("; ", r.IntegrityProblems));
        o.WriteLine(r.Bootloader is { } bl
            ? $"bootloader:  {bl.File} ({bl.Chip}, {bl.Protocol} protocol{(bl.Note is { } n ? ", " + n : "")})"
            : $"bootloader:  not in the known table (zlib CRC-32 of the first 256 bytes {Hex(r.BootloaderCrc256)}, of 257 bytes {Hex(r.BootloaderCrc257)})");
        o.WriteLine($"layout:      {r.Layout.Describe()}");
        foreach (var why in r.Layout.Reasons) o.WriteLine($"             - {why}");
        if (r.Layout.Layout is { } l)
        {
            o.WriteLine($"             source: {l.Source}");
            foreach (var p in l.Partitions)
                o.WriteLine($"             {p.Name,-12} 0x{p.Offset:x6}  {(p.Length is { } len ? "0x" + len.ToString("x6", CultureInfo.InvariantCulture) : "?"),-9} {p.Note}");
        }
        o.WriteLine(r.PackedRegions.Count == 0 ? "CRC-packed:  no CRC16-packed region found (plain image?)" : "CRC-packed regions (34-byte blocks, CRC-16/CMS):");
        foreach (var g in r.PackedRegions)
        {
            o.WriteLine($"             0x{g.Start:x6}-0x{g.End:x6}  {g.GoodBlocks} ok, {g.EmptyBlocks} erased, {g.BadBlocks} bad");
            if (g.BadBlocks > 0)
                o.WriteLine("             bad blocks at " + string.Join(", ", g.BadOffsets.Take(16).Select(b => "0x" + b.ToString("x6", CultureInfo.InvariantCulture)))
                            + (g.BadOffsets.Count > 16 ? $" (+{g.BadOffsets.Count - 16} more)" : ""));
        }
        o.WriteLine(r.RblHeaders.Count == 0 ? "RBL headers: none" : "RBL headers:");
        foreach (var h in r.RblHeaders)
        {
            var pkg = h.PackageCrcValid switch { true => "package CRC ok", false => "package CRC MISMATCH", null => "package not checked" };
            o.WriteLine($"             0x{h.Offset:x6} {(h.Packed ? "packed" : "plain "),-6} \"{h.Header.Name}\" version \"{h.Header.Version}\" raw {h.Header.SizeRaw} package {h.Header.SizePackage} " +
                        $"enc {h.Header.Encryption} comp {h.Header.Compression}, header CRC ok, {pkg}{(h.Partition is { } part ? " — in " + part : "")}");
        }
        if (r.TuyaStorage is { } s)
        {
            o.WriteLine($"Tuya storage: key block at 0x{s.KeyBlockOffset:x6}, {s.DataBlockOffsets.Count} data block(s)" +
                        (showSecrets ? "" : " (secrets hidden; --show-secrets prints them)"));
            foreach (var kv in s.Values.DistinctBy(v => v.Key).Take(40))
                o.WriteLine($"             {kv.Key} = {TuyaStorageReport.Display(kv, showSecrets)}");
        }
        else o.WriteLine("Tuya storage: not found");
        if (r.LittleFsOffsets.Count > 0)
            o.WriteLine("LittleFS:    " + string.Join(", ", r.LittleFsOffsets.Select(x => "0x" + x.ToString("x6", CultureInfo.InvariantCulture))) + " (OpenBeken)");
    }

    public static JsonObject ToJson(string file, ImageReport r, bool showSecrets) => new()
    {
        ["file"] = file,
        ["size"] = r.Size,
        ["sizeVerdict"] = r.SizeVerdict,
        ["chips"] = new JsonArray(r.ChipCandidates.Select(c => (JsonNode)c).ToArray()),
        ["valid"] = r.LooksValid,
        ["integrityProblems"] = new JsonArray(r.IntegrityProblems.Select(p => (JsonNode)p).ToArray()),
        ["bootloader"] = r.Bootloader is { } bl
            ? new JsonObject { ["file"] = bl.File, ["chip"] = bl.Chip, ["protocol"] = bl.Protocol, ["crc"] = Hex(bl.Crc) }
            : null,
        ["bootloaderCrc256"] = Hex(r.BootloaderCrc256),
        ["bootloaderCrc257"] = Hex(r.BootloaderCrc257),
        ["layout"] = r.Layout.Layout?.Id,
        ["layoutName"] = r.Layout.Layout?.Name,
        ["layoutReasons"] = new JsonArray(r.Layout.Reasons.Select(p => (JsonNode)p).ToArray()),
        ["packedRegions"] = new JsonArray(r.PackedRegions.Select(g => (JsonNode)new JsonObject
        {
            ["start"] = Addr(g.Start), ["end"] = Addr(g.End), ["good"] = g.GoodBlocks, ["empty"] = g.EmptyBlocks, ["bad"] = g.BadBlocks,
            ["badOffsets"] = new JsonArray(g.BadOffsets.Select(b => (JsonNode)Addr(b)).ToArray()),
        }).ToArray()),
        ["rbl"] = new JsonArray(r.RblHeaders.Select(h => (JsonNode)new JsonObject
        {
            ["offset"] = Addr(h.Offset), ["packed"] = h.Packed, ["name"] = h.Header.Name, ["version"] = h.Header.Version,
            ["sizeRaw"] = h.Header.SizeRaw, ["sizePackage"] = h.Header.SizePackage, ["crc32"] = Hex(h.Header.Crc32),
            ["encryption"] = h.Header.Encryption, ["compression"] = h.Header.Compression,
            ["packageCrcValid"] = h.PackageCrcValid, ["partition"] = h.Partition,
        }).ToArray()),
        ["tuyaStorage"] = r.TuyaStorage is { } s
            ? new JsonObject
            {
                ["keyBlock"] = Addr(s.KeyBlockOffset),
                ["dataBlocks"] = new JsonArray(s.DataBlockOffsets.Select(b => (JsonNode)Addr(b)).ToArray()),
                ["values"] = new JsonObject(s.Values.DistinctBy(v => v.Key)
                    .Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)TuyaStorageReport.Display(kv, showSecrets)))),
            }
            : null,
        ["littleFs"] = new JsonArray(r.LittleFsOffsets.Select(x => (JsonNode)Addr(x)).ToArray()),
    };

    public static void WriteLinks(TextWriter o, DumpContext c)
    {
        var m = c.Dump.Manifest;
        o.WriteLine($"in store:    dump {c.Dump.Id} of device {c.Device?.Key ?? m.Device ?? "?"}{(c.Device?.Name is { } n ? " (" + n + ")" : "")}, {m.Method} {m.Time:yyyy-MM-dd HH:mm}, verified {(m.Verified ? "yes" : "no")}");
        foreach (var (cap, boot) in c.BootsAround)
            o.WriteLine($"             capture {cap.Id} \"{cap.Name}\" boot {boot.Index} at {boot.Start:yyyy-MM-dd HH:mm:ss} ({boot.Bootloader ?? "?"}, {boot.Firmware ?? "?"})");
    }

    public static JsonObject LinksJson(DumpContext c) => new()
    {
        ["dump"] = c.Dump.Id,
        ["device"] = c.Device?.Key ?? c.Dump.Manifest.Device,
        ["boots"] = new JsonArray(c.BootsAround.Select(x => (JsonNode)new JsonObject
        {
            ["capture"] = x.Capture.Id, ["boot"] = x.Boot.Index, ["start"] = x.Boot.Start?.ToString("O"),
        }).ToArray()),
    };

    private static string Hex(uint v) => "0x" + v.ToString("x8", CultureInfo.InvariantCulture);

    private static string Addr(long v) => "0x" + v.ToString("x", CultureInfo.InvariantCulture);
}
