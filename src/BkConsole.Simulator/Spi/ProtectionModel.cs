namespace BkConsole.Simulator.Spi;

/// <summary>
/// The emulated chip's own reading of BP0..BP2 / TB / SEC / CMP (GD/XTX-style SR2:SR1, ch341a-spi.md §4.3).
/// Kept apart from the driver's decoder so tests compare two independent implementations.
/// </summary>
internal static class ProtectionModel
{
    public static (long Start, long Length) Range(ushort sr, long size)
    {
        int bp = (sr >> 2) & 7;
        bool tb = (sr & 0x20) != 0, sec = (sr & 0x40) != 0, cmp = (sr & 0x4000) != 0;
        long len = bp switch
        {
            0 => 0,
            7 => size,
            _ => sec ? Math.Min(4096L << (bp - 1), 32768) : Math.Min(Math.Max(65536, size / 64) << (bp - 1), size),
        };
        bool bottom = tb;
        if (cmp)
        {
            len = size - len;
            bottom = !bottom;
        }
        return len <= 0 ? (0, 0) : bottom ? (0, len) : (size - len, len);
    }

    public static bool Overlaps(ushort sr, long size, long start, long length)
    {
        var (ps, pl) = Range(sr, size);
        return pl > 0 && start < ps + pl && start + length > ps;
    }
}
