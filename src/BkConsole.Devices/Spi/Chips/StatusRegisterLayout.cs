namespace BkConsole.Devices.Spi.Chips;

/// <summary>
/// Where a chip keeps its protection bits. <see cref="Gd16"/> is the 16-bit SR2:SR1 map of XT25F32B / GD25Qxx /
/// P25Q / BY25Q parts (BP0..BP2 bits 2..4, TB bit 5, SEC bit 6, SRP0 7, SRP1 8, QE 9, CMP 14; ch341a-spi.md §4.2),
/// which <see cref="Decode"/> understands exactly; other layouts are decoded conservatively (any BP bit set =
/// "protected, range unknown").
/// </summary>
public sealed record StatusRegisterLayout(
    string Name,
    int Bytes,
    ushort BlockProtectMask,
    bool BpTbSecCmpScheme,
    bool HasWriteStatus2,
    ushort QuadEnableMask)
{
    /// <summary>16-bit SR, two-byte 01 write, no 31 (Beken's table for XT25F32B).</summary>
    public static readonly StatusRegisterLayout Gd16 = new("SR2:SR1 BP0-4 CMP", 2, 0x407C, true, false, 0x0200);

    /// <summary>Same map, parts that also accept 0x31 (write SR2 alone).</summary>
    public static readonly StatusRegisterLayout Gd16WithSr2Write = Gd16 with { Name = "SR2:SR1 BP0-4 CMP, 31h", HasWriteStatus2 = true };

    /// <summary>One status byte with BP0..BP3 at bits 2..5 (EN25QH16B).</summary>
    public static readonly StatusRegisterLayout Bp4OneByte = new("SR1 BP0-3", 1, 0x003C, false, false, 0);

    /// <summary>Beken SDK / OpenBeken "unprotect last block": BP0 + CMP.</summary>
    public const ushort BekenSdkProtection = 0x4004;

    public bool IsProtected(ushort status) => (status & BlockProtectMask) != 0;

    /// <summary>The protected byte range for this status value on a chip of <paramref name="chipSize"/> bytes.</summary>
    public (long Start, long Length) Decode(ushort status, long chipSize)
    {
        if (!IsProtected(status)) return (0, 0);
        if (!BpTbSecCmpScheme) return (0, chipSize);
        int bp = (status >> 2) & 0x7;
        bool tb = (status & 0x20) != 0, sec = (status & 0x40) != 0, cmp = (status & 0x4000) != 0;
        long length;
        if (bp == 0) length = 0;
        else if (bp == 7) length = chipSize;
        else
        {
            long coeff = 1L << (bp - 1);
            long unit = Math.Max(64 * 1024, chipSize / 2 / 32);
            length = sec ? Math.Min(4096 * coeff, 32 * 1024) : Math.Min(unit * coeff, chipSize);
        }
        bool bottom = tb;
        if (cmp)
        {
            length = chipSize - length;
            bottom = !bottom;
        }
        if (length <= 0) return (0, 0);
        return bottom ? (0, length) : (chipSize - length, length);
    }

    /// <summary>A value with every protection bit cleared and the rest (QE, OTP) preserved.</summary>
    public ushort Unprotected(ushort status) => (ushort)(status & ~BlockProtectMask & ~0x8003 & (Bytes == 1 ? 0xFF : 0xFFFF));
}
