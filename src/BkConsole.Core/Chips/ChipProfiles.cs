namespace BkConsole.Core.Chips;

/// <summary>The chip registry (beken-uart-protocol.md §7). Add a chip by adding a row.</summary>
public static class ChipProfiles
{
    internal static readonly IReadOnlySet<byte> FullShort = new HashSet<byte> { 0x00, 0x01, 0x03, 0x0E, 0x0F, 0x10, 0x70, 0xAA };
    internal static readonly IReadOnlySet<byte> BasicShort = new HashSet<byte> { 0x00, 0x0E, 0x0F, 0x10 };
    internal static readonly IReadOnlySet<byte> BasicTuyaShort = new HashSet<byte> { 0x00, 0x0E, 0x0F, 0x10, 0x11 };
    internal static readonly IReadOnlySet<byte> FullLong = new HashSet<byte> { 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F };
    internal static readonly IReadOnlySet<byte> BasicLong = new HashSet<byte> { 0x06, 0x07, 0x09, 0x0F };

    public const int BootloaderEnd = 0x11000;

    public static readonly ChipProfile Bk7252 = new(
        "bk7252", ProtocolFamily.BasicBeken, 4 * 1024 * 1024, BootloaderEnd, CrcEndInclusive: false,
        ChipIdRegisterValue: null, BootloaderVersion: "V(0.1.3)", "BK7252 (Tuya/A9 video doorbell and cameras)");

    public static readonly ChipProfile Bk7231T = new(
        "bk7231t", ProtocolFamily.BasicTuya, 2 * 1024 * 1024, BootloaderEnd, CrcEndInclusive: false,
        ChipIdRegisterValue: null, BootloaderVersion: "BK7231S_1.0.5", "BK7231T (Tuya WB2S/WB3S, 'BK7231S' bootloader)");

    public static readonly ChipProfile Bk7231U = new(
        "bk7231u", ProtocolFamily.BasicBeken, 2 * 1024 * 1024, BootloaderEnd, CrcEndInclusive: false,
        ChipIdRegisterValue: null, BootloaderVersion: "BK7231U_1.0.0", "BK7231U");

    public static readonly ChipProfile Bk7231N = new(
        "bk7231n", ProtocolFamily.Full, 2 * 1024 * 1024, BootloaderEnd, CrcEndInclusive: true,
        ChipIdRegisterValue: 0x7231C, BootloaderVersion: "BK7231N_1.0.1", "BK7231N / BK7231M / BL2028N (BootROM)");

    public static readonly ChipProfile Bk7238 = new(
        "bk7238", ProtocolFamily.Full, 2 * 1024 * 1024, BootloaderEnd, CrcEndInclusive: true,
        ChipIdRegisterValue: 0x7238, BootloaderVersion: "BK7238_1.0.14", "BK7238 / Tuya T1 (BootROM)");

    public static IReadOnlyList<ChipProfile> All { get; } = [Bk7252, Bk7231T, Bk7231U, Bk7231N, Bk7238];

    public static IEnumerable<string> Names => All.Select(c => c.Name);

    public static ChipProfile? Find(string name) =>
        All.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    public static ChipProfile Get(string name) =>
        Find(name) ?? throw new BkConsole.Core.Errors.UsageException(
            $"unknown chip '{name}': expected one of {string.Join(", ", Names)}");
}
