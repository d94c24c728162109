using BkConsole.Devices.Beken;

namespace BkConsole.Devices.Flash;

/// <summary>A finished read (not yet saved): the bytes, where they came from, and how they were checked.</summary>
public sealed record FlashReadResult(byte[] Data, ChipIdentity Identity, long Start, int Baud, bool Verified, TimeSpan Elapsed, bool Rebooted)
{
    public bool IsWholeFlash => Start == 0 && Data.Length == Identity.FlashSize;
}
