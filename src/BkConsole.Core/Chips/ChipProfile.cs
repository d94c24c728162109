namespace BkConsole.Core.Chips;

/// <summary>Which Beken UART download protocol a chip's boot code speaks (beken-uart-protocol.md §0.6, §4.3).</summary>
public enum ProtocolFamily
{
    /// <summary>Flash-resident Beken bootloader: BK7231U/Q, BK7252. Silent on unsupported commands.</summary>
    BasicBeken,

    /// <summary>Tuya "BK7231S_1.0.x" bootloader on BK7231T: BasicBeken plus ReadBootVersion (0x11).</summary>
    BasicTuya,

    /// <summary>BootROM protocol: BK7231N, BK7238. Register access, status register, JEDEC, end-inclusive CRC.</summary>
    Full,
}

/// <summary>
/// One chip as data. Every consumer (CLI, TUI, simulator, flash client, image analysis) reads the same rows in
/// <see cref="ChipProfiles"/>; nothing else switches over chip names.
/// </summary>
public sealed record ChipProfile(
    string Name,
    ProtocolFamily Family,
    int FlashSize,
    int ProtectedEnd,
    bool CrcEndInclusive,
    uint? ChipIdRegisterValue,
    string BootloaderVersion,
    string Description)
{
    public bool IsBasic => Family != ProtocolFamily.Full;

    /// <summary>Short commands the boot code answers (beken-uart-protocol.md §4.3).</summary>
    public IReadOnlySet<byte> ShortCommands => Family switch
    {
        ProtocolFamily.Full => ChipProfiles.FullShort,
        ProtocolFamily.BasicTuya => ChipProfiles.BasicTuyaShort,
        _ => ChipProfiles.BasicShort,
    };

    /// <summary>Long (flash) operations the boot code answers.</summary>
    public IReadOnlySet<byte> LongCommands => Family == ProtocolFamily.Full ? ChipProfiles.FullLong : ChipProfiles.BasicLong;

    public override string ToString() => Name;
}
