namespace BkConsole.Devices.Flash;

/// <summary>Progress of a flash operation: bytes done of total, average rate, estimated time left, and what is happening.</summary>
public sealed record FlashProgress(string Phase, long Done, long Total, double BytesPerSecond, TimeSpan? Eta, long Offset, string? Note = null)
{
    public double Fraction => Total <= 0 ? 0 : (double)Done / Total;
}
