using BkConsole.Core.Errors;

namespace BkConsole.Devices.Beken;

/// <summary>A flash read/write/verify failed at a known place; <see cref="Offset"/> is the first bad byte's flash address.</summary>
public sealed class FlashOperationException(string message, long offset, IReadOnlyList<long>? sectorsToRedo = null, string? advice = null, Exception? inner = null)
    : BkException(message, advice, inner)
{
    public long Offset { get; } = offset;

    /// <summary>Sector addresses still wrong after all retries (writes), empty for reads.</summary>
    public IReadOnlyList<long> SectorsToRedo { get; } = sectorsToRedo ?? [];
}
