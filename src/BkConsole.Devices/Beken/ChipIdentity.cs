using BkConsole.Core.Chips;
using BkConsole.Devices.Beken.Packets;

namespace BkConsole.Devices.Beken;

/// <summary>Everything the link phase learned about the chip (flash info).</summary>
public sealed record ChipIdentity
{
    public required ChipProfile Chip { get; init; }

    /// <summary>False when the chip name is a best guess (e.g. a 2 MiB BASIC_BEKEN part: BK7231U or BK7252).</summary>
    public bool ChipConfirmed { get; init; }

    public required uint BootloaderCrc { get; init; }

    public BootloaderInfo? Bootloader { get; init; }

    public string? BootVersion { get; init; }

    public uint? ChipIdRegister { get; init; }

    public FlashIdReply? Jedec { get; init; }

    public required long FlashSize { get; init; }

    /// <summary>"jedec", "bootloader table", "aliasing", or "chip profile (…)".</summary>
    public required string FlashSizeSource { get; init; }

    /// <summary>SR1 | SR2 &lt;&lt; 8 on FULL chips.</summary>
    public ushort? StatusRegister { get; init; }

    public bool? Protected { get; init; }

    public IReadOnlyList<string> Notes { get; init; } = [];

    public string BootloaderName => Bootloader?.File ?? BootVersion ?? $"unknown (CRC 0x{~BootloaderCrc:x8})";
}
