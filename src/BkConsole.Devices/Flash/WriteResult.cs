using BkConsole.Devices.Beken;

namespace BkConsole.Devices.Flash;

/// <summary>A finished, verified write. <see cref="SkippedBootloaderBytes"/> &gt; 0 when a full image's bootloader part was left alone.</summary>
public sealed record WriteResult(ChipIdentity Identity, long Start, long Length, long SkippedBootloaderBytes, int Baud, TimeSpan Elapsed);
