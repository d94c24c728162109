using BkConsole.Core.Chips;

namespace BkConsole.Devices.Beken;

/// <summary>Splits a sector-aligned range into verification windows that never straddle the protected-area boundary.</summary>
internal static class FlashWindows
{
    public const int WindowSize = 64 * 1024;

    public static IEnumerable<(long Start, long End)> Split(long start, long end, ChipProfile? profile)
    {
        long at = start;
        while (at < end)
        {
            long next = Math.Min(end, (at / WindowSize + 1) * WindowSize);
            if (profile is { IsBasic: true } p && at < p.ProtectedEnd && next > p.ProtectedEnd) next = p.ProtectedEnd;
            yield return (at, next);
            at = next;
        }
    }
}
