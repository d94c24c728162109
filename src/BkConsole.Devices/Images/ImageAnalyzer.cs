using System.IO.Hashing;
using BkConsole.Core.Chips;
using BkConsole.Core.Flash;
using BkConsole.Core.Layouts;

namespace BkConsole.Devices.Images;

/// <summary>
/// Looks at a flash image (a full dump, or a part of one): size vs the chips, integrity (blank, mirrored, repeated
/// sectors), the bootloader by CRC, CRC-packed regions and their bad blocks, RBL headers, the flash layout, the Tuya
/// storage and OpenBeken's LittleFS. Pure and allocation-light: 4 MiB takes a few tens of milliseconds.
/// </summary>
public static class ImageAnalyzer
{
    public const int SectorSize = 0x1000;

    /// <summary>A CRC-packed region may contain at most this many consecutive non-valid blocks (16 KiB).</summary>
    private const int MaxGapBlocks = 16 * 1024 / Crc16Packing.BlockBytes;

    /// <summary>Regions with fewer valid blocks are chance matches, not data.</summary>
    private const int MinRegionBlocks = 8;

    /// <summary>Share of non-blank sectors that may be copies of one sector before we call it a bad read.</summary>
    private const double RepeatedSectorShare = 0.25;

    private static readonly byte[] LittleFsMagic = "littlefs"u8.ToArray();

    public static ImageReport Analyze(ReadOnlySpan<byte> image)
    {
        long size = image.Length;
        var chips = ChipProfiles.All.Where(c => c.FlashSize == size).Select(c => c.Name).ToList();
        if (size == 2 * 1024 * 1024 && !chips.Contains("bk7252")) chips.Add("bk7252 (2 MiB variant)");
        string sizeVerdict = SizeVerdict(size, chips);
        var integrity = Integrity(image);
        var (bl, c256, c257) = KnownBootloaders.Identify(image);
        var regions = Regions(Crc16Packing.States(image));
        var rbl = FindRbl(image, Crc16Packing.Strip(image));
        var littleFs = FindLittleFs(image);
        TuyaStorageReport? storage = null;
        if (size >= 0x20000) storage = TuyaStorage.Find(image, Math.Min(0x100000, size / 2));
        var layout = Judge(size, bl, regions, rbl, littleFs, storage);
        return new ImageReport(size, sizeVerdict, chips, integrity, bl, c256, c257, regions, rbl, layout, storage, littleFs);
    }

    private static string SizeVerdict(long size, List<string> chips)
    {
        string human = size % (1024 * 1024) == 0 ? $"{size / (1024 * 1024)} MiB" : $"{size} bytes (0x{size:x})";
        if (chips.Count > 0) return $"{human}: a full flash of {string.Join(", ", chips)}";
        if (size < 2 * 1024 * 1024 && size % SectorSize == 0) return $"{human}: a partial image (not a whole flash)";
        return $"{human}: no known flash size (expected 2 MiB or 4 MiB)";
    }

    private static List<string> Integrity(ReadOnlySpan<byte> image)
    {
        var problems = new List<string>();
        if (image.Length == 0) { problems.Add("image is empty"); return problems; }
        if (DumpGuard.Check(image, image.Length) is { } why) { problems.Add(why); return problems; }
        if (image.Length % SectorSize != 0) problems.Add($"size is not a whole number of 4 KiB sectors ({image.Length} bytes)");
        int half = image.Length / 2;
        if (half >= SectorSize && image.Length % 2 == 0 && image[..half].SequenceEqual(image[half..]))
            problems.Add($"the second half repeats the first: the flash is probably {half / 1024} KiB and was read twice (address wrap)");
        // Repeated sectors: a stuck read returns the same 4 KiB again and again.
        var counts = new Dictionary<ulong, int>();
        int nonBlank = 0;
        for (int off = 0; off + SectorSize <= image.Length; off += SectorSize)
        {
            var s = image.Slice(off, SectorSize);
            if (s.IndexOfAnyExcept((byte)0xFF) < 0 || s.IndexOfAnyExcept((byte)0x00) < 0) continue;
            nonBlank++;
            var h = XxHash3.HashToUInt64(s);
            counts[h] = counts.GetValueOrDefault(h) + 1;
        }
        if (nonBlank >= 8)
        {
            int max = counts.Count == 0 ? 0 : counts.Values.Max();
            if (max > 1 && max >= nonBlank * RepeatedSectorShare)
                problems.Add($"{max} of {nonBlank} non-blank sectors are the same 4 KiB: the read was probably stuck");
        }
        return problems;
    }

    private static List<PackedRegion> Regions(BlockState[] states)
    {
        var regions = new List<PackedRegion>();
        int blocks = states.Length;
        int start = -1, lastGood = -1, good = 0, empty = 0, gap = 0;
        var bad = new List<long>();
        var pendingBad = new List<long>();
        int pendingEmpty = 0;
        void Close()
        {
            if (start >= 0 && good >= MinRegionBlocks)
                regions.Add(new PackedRegion((long)start * Crc16Packing.BlockBytes, (long)(lastGood + 1) * Crc16Packing.BlockBytes,
                    good, empty, bad.Count, bad.ToList()));
            start = -1; good = 0; empty = 0; gap = 0; bad.Clear(); pendingBad.Clear(); pendingEmpty = 0;
        }
        for (int i = 0; i < blocks; i++)
        {
            var state = states[i];
            if (state == BlockState.Good)
            {
                if (start < 0) start = i;
                bad.AddRange(pendingBad);
                empty += pendingEmpty;
                pendingBad.Clear(); pendingEmpty = 0; gap = 0;
                good++;
                lastGood = i;
                continue;
            }
            if (start < 0) continue;
            if (state == BlockState.Bad) pendingBad.Add((long)i * Crc16Packing.BlockBytes);
            else pendingEmpty++;
            if (++gap > MaxGapBlocks) Close();
        }
        Close();
        return regions;
    }

    private static List<RblFound> FindRbl(ReadOnlySpan<byte> image, byte[] logical)
    {
        var found = new List<RblFound>();
        // Plain headers (OTA package files, a download partition holding one).
        for (int at = 0; ;)
        {
            int i = image[at..].IndexOf(RblHeader.Magic);
            if (i < 0) break;
            at += i;
            if (RblHeader.TryParse(image[at..]) is { InfoCrcValid: true } h)
            {
                bool? pkg = at + RblHeader.Size + h.SizePackage <= image.Length
                    ? Crc32.HashToUInt32(image.Slice(at + RblHeader.Size, (int)h.SizePackage)) == h.Crc32
                    : null;
                found.Add(new RblFound(at, false, h, pkg, PartitionAt(image.Length, at)));
            }
            at += 4;
        }
        // CRC-packed headers (ending bootloader/app partitions): search the logical bytes.
        for (int at = 0; ;)
        {
            int i = logical.AsSpan(at).IndexOf(RblHeader.Magic);
            if (i < 0) break;
            at += i;
            if (RblHeader.TryParse(logical.AsSpan(at)) is { InfoCrcValid: true } h)
            {
                long physical = Crc16Packing.ToPhysical(at);
                bool? pkg = PackedPackageCrc(logical, at, h);
                if (!found.Any(f => f.Offset == physical))
                    found.Add(new RblFound(physical, true, h, pkg, PartitionAt(image.Length, physical)));
            }
            at += 4;
        }
        return found.OrderBy(f => f.Offset).ToList();
    }

    /// <summary>For a header ending a partition, the package is the partition's logical bytes from its start: try the
    /// known partition starts (bootloader 0, app 0x10000 logical) and report whether one matches.</summary>
    private static bool? PackedPackageCrc(byte[] logical, int headerAt, RblHeader h)
    {
        foreach (long start in new long[] { 0, 0x10000 })
        {
            if (start + h.SizePackage > headerAt) continue;
            if (Crc32.HashToUInt32(logical.AsSpan((int)start, (int)h.SizePackage)) == h.Crc32) return true;
        }
        return null;
    }

    private static string? PartitionAt(long size, long offset)
    {
        foreach (var l in FlashLayouts.All.Where(l => l.FlashSize == size && l.LittleFsOffset == null))
            if (l.Partitions.FirstOrDefault(p => p.Contains(offset) && p.Length != null) is { } p) return $"{p.Name} ({l.Id})";
        return null;
    }

    private static List<long> FindLittleFs(ReadOnlySpan<byte> image)
    {
        var list = new List<long>();
        foreach (var l in FlashLayouts.All.Where(l => l.LittleFsOffset != null))
        {
            long off = l.LittleFsOffset!.Value;
            // Superblock in block 0 or 1; the magic sits 8 bytes in.
            foreach (long b in new[] { off, off + SectorSize })
                if (b + 16 <= image.Length && image.Slice((int)b + 8, 8).SequenceEqual(LittleFsMagic) && !list.Contains(off))
                    list.Add(off);
        }
        return list;
    }

    private static LayoutVerdict Judge(long size, KnownBootloader? bl, List<PackedRegion> regions, List<RblFound> rbl,
        List<long> littleFs, TuyaStorageReport? storage)
    {
        var scored = new List<(FlashLayout Layout, int Score, List<string> Reasons)>();
        foreach (var l in FlashLayouts.All)
        {
            if (l.FlashSize != size) continue;
            int score = 1;
            var why = new List<string> { $"size {size / 1024 / 1024} MiB fits" };
            if (bl != null)
            {
                if (bl.Chip == l.Chip) { score += 2; why.Add($"bootloader {bl.File} is for {bl.Chip}"); }
                else { score -= 2; why.Add($"bootloader {bl.File} is for {bl.Chip}, not {l.Chip}"); }
            }
            if (l.AppRblOffset is { } ro && rbl.Any(r => r.Packed && r.Offset == ro))
            {
                score += 3;
                why.Add($"app RBL header at 0x{ro:x} (end of app partition)");
            }
            if (l.Find("app2") is { } app2 && regions.Any(r => r.Start >= app2.Offset && r.Start < app2.Offset + SectorSize))
            {
                score += 3;
                why.Add($"a second CRC-packed app starts at 0x{app2.Offset:x} (app2 slot)");
            }
            if (l.Find("download") is { } dl && rbl.Any(r => !r.Packed && r.Offset == dl.Offset))
            {
                score += 1;
                why.Add($"OTA package (RBL) at the start of the download partition 0x{dl.Offset:x}");
            }
            if (l.LittleFsOffset is { } lfs)
            {
                if (littleFs.Contains(lfs)) { score += 3; why.Add($"OpenBeken LittleFS at 0x{lfs:x}"); }
                else score -= 1;
            }
            else if (storage != null)
            {
                score += 1;
                why.Add($"Tuya storage key block at 0x{storage.KeyBlockOffset:x}");
            }
            scored.Add((l, score, why));
        }
        var ordered = scored.OrderByDescending(s => s.Score).ToList();
        var candidates = ordered.Select(s => (s.Layout, s.Score)).ToList();
        if (ordered.Count == 0 || ordered[0].Score < 3 || (ordered.Count > 1 && ordered[1].Score == ordered[0].Score && ordered[0].Score < 4))
        {
            var reasons = ordered.Count == 0
                ? new List<string> { "no known layout has this flash size" }
                : ["no layout-specific marker found (app RBL header, app2 slot, LittleFS, Tuya storage)"];
            return new LayoutVerdict(null, ordered.Count == 0 ? 0 : ordered[0].Score, reasons, candidates);
        }
        return new LayoutVerdict(ordered[0].Layout, ordered[0].Score, ordered[0].Reasons, candidates);
    }
}
