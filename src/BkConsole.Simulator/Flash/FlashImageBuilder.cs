using System.Text;
using BkConsole.Core.Checksums;
using BkConsole.Core.Chips;

namespace BkConsole.Simulator.Flash;

/// <summary>
/// A plausible factory image when no --flash is given (beken-uart-protocol.md §10): bootloader at 0 and app at
/// 0x11000, both CRC-16 packed (32 data bytes + big-endian CRC-16/CMS) with a 96-byte RBL header at the end of the
/// partition, an empty OTA/download area, a Tuya key-value store with a few records, and the RF/TLV sectors.
/// Deterministic for a seed.
/// </summary>
public static class FlashImageBuilder
{
    /// <summary>Physical partitions per chip (LibreTiny board layouts).</summary>
    private sealed record Layout(int AppSize, int KvsOffset, int DownloadOffset, int DownloadSize, int RfOffset, int TlvOffset, int AppCodeBytes);

    private static Layout LayoutFor(ChipProfile chip) => chip.FlashSize switch
    {
        4 * 1024 * 1024 => new Layout(0x1BA000, 0x2E4000, 0x2EC000, 0x112000, 0x3FE000, 0x3FF000, 0x160000),
        _ when chip.Family == ProtocolFamily.Full => new Layout(0x119000, 0x1D3000, 0x12A000, 0xA6000, 0x1D0000, 0x1D0000, 0xF0000),
        _ => new Layout(0x121000, 0x1D8000, 0x132000, 0xA6000, 0x1E0000, 0x1E1000, 0xF8000),
    };

    public const int BootloaderPartition = 0x11000;

    public static byte[] Build(ChipProfile chip, int seed)
    {
        var image = new byte[chip.FlashSize];
        image.AsSpan().Fill(0xFF);
        var random = new Random(seed ^ 0x7252);
        var layout = LayoutFor(chip);

        // Bootloader: ~27 KiB of code, then the RBL header at the end of its logical space.
        var boot = Partition(BootloaderPartition);
        FillCode(random, boot.AsSpan(0, 27168), plain: true);
        WriteRbl(boot, "bootloader", chip.BootloaderVersion, boot.AsSpan(0, 27168), random);
        Pack(boot).CopyTo(image, 0);
        var traits = Device.SimChipTraits.For(chip);
        ForceZlibCrc(image.AsSpan(0, traits.BootloaderCrcLength), traits.BootloaderZlibCrc);

        // App: encrypted-looking code starting with the Tuya-key vector table signature.
        var app = Partition(layout.AppSize);
        int code = Math.Min(layout.AppCodeBytes, app.Length - 0x100);
        FillCode(random, app.AsSpan(0, code), plain: false);
        byte[] signature = [0x2F, 0x07, 0xB5, 0x94, 0x35, 0xFF, 0x2A, 0x9B];
        signature.CopyTo(app, 0);
        WriteRbl(app, "app", "1.0.3", app.AsSpan(0, code), random);
        Pack(app).CopyTo(image, BootloaderPartition);

        // Tuya KVS: a few records with names users grep for.
        WriteKvs(image.AsSpan(layout.KvsOffset, 0x8000), random);

        // RF calibration and TLV sector.
        var rf = image.AsSpan(layout.RfOffset, 0x1000);
        "TLV\0"u8.CopyTo(rf);
        random.NextBytes(rf.Slice(4, 0x1C - 4));
        byte[] macTag = [0x02, 0x11, 0x11, 0x11, 0x06, 0x00, 0x00, 0x00];
        macTag.CopyTo(rf.Slice(0x1C));
        byte[] mac = [0xC8, 0x47, 0x8C, (byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)];
        mac.CopyTo(rf.Slice(0x24));
        if (layout.TlvOffset != layout.RfOffset) "TLV\0"u8.CopyTo(image.AsSpan(layout.TlvOffset));
        return image;
    }

    /// <summary>
    /// Rewrites the last 4 bytes of <paramref name="data"/> so that its zlib CRC-32 becomes <paramref name="target"/>
    /// (CRC forcing: walk the register back from the target through the table, then choose the bytes forward).
    /// </summary>
    public static void ForceZlibCrc(Span<byte> data, uint target)
    {
        uint state = BekenCrc32.Update(BekenCrc32.Initial, data[..^4]);
        uint wanted = ~target;
        Span<byte> indexes = stackalloc byte[4];
        uint reg = wanted;
        for (int k = 3; k >= 0; k--)
        {
            byte idx = TopByteIndex[reg >> 24];
            indexes[k] = idx;
            reg = (reg ^ BekenCrc32.LookupTable[idx]) << 8;
        }
        for (int k = 0; k < 4; k++)
        {
            data[data.Length - 4 + k] = (byte)((state ^ indexes[k]) & 0xFF);
            state = BekenCrc32.LookupTable[indexes[k]] ^ (state >> 8);
        }
    }

    private static readonly byte[] TopByteIndex = BuildTopByteIndex();

    private static byte[] BuildTopByteIndex()
    {
        var index = new byte[256];
        for (int i = 0; i < 256; i++) index[BekenCrc32.LookupTable[i] >> 24] = (byte)i;
        return index;
    }

    private static byte[] Partition(int physicalSize)
    {
        var logical = new byte[physicalSize / 34 * 32];
        logical.AsSpan().Fill(0xFF);
        return logical;
    }

    private static void FillCode(Random random, Span<byte> code, bool plain)
    {
        random.NextBytes(code);
        if (plain)
        {
            // ARM reset vectors and a few strings that dump analysers look for.
            byte[] vectors = [0x0E, 0x00, 0x00, 0xEA, 0x14, 0xF0, 0x9F, 0xE5];
            vectors.CopyTo(code);
            var text = "[ARM ANOMALY]\0V(0.1.3)\0go os_addr(0x%x)..........\0"u8;
            text.CopyTo(code.Slice(0x1F40));
        }
    }

    /// <summary>The 96-byte RBL header (§10.4) placed at the end of the partition's logical space.</summary>
    private static void WriteRbl(byte[] logical, string name, string version, ReadOnlySpan<byte> payload, Random random)
    {
        var h = new byte[96];
        "RBL\0"u8.CopyTo(h);
        BitConverter.TryWriteBytes(h.AsSpan(8), 1_600_000_000u + (uint)random.Next(100_000_000));
        Encoding.ASCII.GetBytes(name).CopyTo(h, 12);
        Encoding.ASCII.GetBytes(version.Length > 23 ? version[..23] : version).CopyTo(h, 28);
        uint crc = BekenCrc32.Zlib(payload);
        uint fnv = 0x811C9DC5;
        foreach (var b in payload) fnv = (fnv ^ b) * 0x01000193;
        BitConverter.TryWriteBytes(h.AsSpan(76), crc);
        BitConverter.TryWriteBytes(h.AsSpan(80), fnv);
        BitConverter.TryWriteBytes(h.AsSpan(84), (uint)payload.Length);
        BitConverter.TryWriteBytes(h.AsSpan(88), (uint)payload.Length);
        BitConverter.TryWriteBytes(h.AsSpan(92), BekenCrc32.Zlib(h.AsSpan(0, 92)));
        h.CopyTo(logical, logical.Length - 96);
    }

    /// <summary>CRC-16 packing: 32 logical bytes, then their CRC-16/CMS big-endian. All-0xFF blocks stay erased.</summary>
    public static byte[] Pack(ReadOnlySpan<byte> logical)
    {
        int blocks = (logical.Length + 31) / 32;
        var packed = new byte[blocks * 34];
        packed.AsSpan().Fill(0xFF);
        for (int i = 0; i < blocks; i++)
        {
            var block = logical.Slice(i * 32, Math.Min(32, logical.Length - i * 32));
            block.CopyTo(packed.AsSpan(i * 34));
            var full = packed.AsSpan(i * 34, 32);
            bool erased = !full.ContainsAnyExcept((byte)0xFF);
            if (erased) continue;
            ushort crc = Crc16Cms.Compute(full);
            packed[i * 34 + 32] = (byte)(crc >> 8);
            packed[i * 34 + 33] = (byte)crc;
        }
        return packed;
    }

    private static void WriteKvs(Span<byte> area, Random random)
    {
        var records = new[]
        {
            "gw_bi\0{\"ap_ssid\":\"SmartLife-" + random.Next(0x1000, 0xFFFF).ToString("X4") + "\",\"wf_cfg\":1}",
            "gw_wsm\0{\"nc_tp\":3,\"md\":0,\"ssid\":\"HomeNet\"}",
            "uuid_pskkey\0{\"uuid\":\"tuya" + random.NextInt64(0x1000000000, 0xFFFFFFFFFF).ToString("x") + "\"}",
            "ty_ws_ota\0{\"ver\":\"1.0.3\"}",
        };
        int off = 0;
        foreach (var r in records)
        {
            var bytes = Encoding.ASCII.GetBytes(r);
            if (off + bytes.Length + 8 > area.Length) break;
            BitConverter.TryWriteBytes(area.Slice(off), (ushort)bytes.Length);
            area[off + 2] = 0x5A;
            bytes.CopyTo(area.Slice(off + 8));
            off += (bytes.Length + 8 + 31) & ~31;
        }
    }
}
