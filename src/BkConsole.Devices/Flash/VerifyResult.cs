using BkConsole.Devices.Beken;

namespace BkConsole.Devices.Flash;

/// <summary>Flash compared with a file: the 4 KiB sectors (flash addresses) that differ; empty = identical.</summary>
public sealed record VerifyResult(ChipIdentity Identity, long Start, long Length, IReadOnlyList<long> DifferingSectors)
{
    public bool Identical => DifferingSectors.Count == 0;
}
