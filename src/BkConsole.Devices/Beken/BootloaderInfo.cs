using BkConsole.Core.Chips;

namespace BkConsole.Devices.Beken;

/// <summary>A known bootloader, identified by the zlib CRC-32 of its first 256 bytes (257 on BootROM chips).</summary>
public sealed record BootloaderInfo(uint ZlibCrc, string File, string Chip, ProtocolFamily Family, int? FlashSize);
