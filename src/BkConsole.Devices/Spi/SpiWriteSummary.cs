namespace BkConsole.Devices.Spi;

/// <summary>What a write did: bytes covered (sector-aligned), sectors left alone because they matched, sectors
/// erased, bytes programmed, and whether it was verified by reading back.</summary>
public sealed record SpiWriteSummary(long Covered, int SectorsUnchanged, int SectorsErased, long BytesProgrammed, bool Verified)
{
    public override string ToString() =>
        $"{SectorsErased} sector(s) erased, {BytesProgrammed / 1024.0:0.#} KiB programmed, {SectorsUnchanged} sector(s) already matched";
}
