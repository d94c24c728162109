using BkConsole.Devices.Spi.Chips;

namespace BkConsole.Devices.Spi;

/// <summary>What <see cref="SpiFlashService.Connect"/> found: id, table row (null if unknown), size, status, protection.</summary>
public sealed record SpiFlashInfo(
    JedecId Id,
    FlashChip? Chip,
    long Size,
    ushort Status,
    long ProtectedStart,
    long ProtectedLength,
    int EntryAttempts,
    TimeSpan Elapsed)
{
    public bool IsProtected => ProtectedLength > 0;

    public string Describe()
    {
        var name = Chip is { } c ? $"{c.Vendor} {c.Name}" : "unknown chip";
        var prot = IsProtected
            ? $"write-protected 0x{ProtectedStart:x6}-0x{ProtectedStart + ProtectedLength - 1:x6}"
            : "not write-protected";
        return $"JEDEC id {Id}: {name}, {Size / 1024} KiB, status 0x{Status:x4} ({prot})";
    }
}
