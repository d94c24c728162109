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

    /// <summary>The 32 eFuse bytes (flash info on FULL chips); null when not read or not readable.</summary>
    public byte[]? Efuse { get; init; }

    /// <summary>Why <see cref="Efuse"/> is null (e.g. BASIC boot code has no register access).</summary>
    public string? EfuseUnavailable { get; init; }

    /// <summary>The encryption key: eFuse bytes 0–15 as four little-endian u32 coefficients, e.g. "510fb093 a3cbeadc 5993a17e c7adeb03".</summary>
    public string? EncryptionKey => Efuse is { Length: >= 16 } e
        ? string.Join(' ', Enumerable.Range(0, 4).Select(k => System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(e.AsSpan(k * 4)).ToString("x8")))
        : null;

    /// <summary>The Wi-Fi MAC from the TLV sector (<see cref="MacSource"/>); null when not found.</summary>
    public byte[]? Mac { get; init; }

    /// <summary>Where <see cref="Mac"/> came from, or why it is missing.</summary>
    public string? MacSource { get; init; }

    public string? MacText => Mac is { } m ? string.Join(':', m.Select(b => b.ToString("x2"))) : null;

    public string BootloaderName => Bootloader?.File ?? BootVersion ?? $"unknown (CRC 0x{~BootloaderCrc:x8})";
}
