namespace BkConsole.Tui.Dump;

/// <summary>One progress report of the one-key dump: the stage, and bytes done of the total when reading.</summary>
public sealed record DumpProgress(string Stage, long Done = 0, long Total = 0, double BytesPerSecond = 0)
{
    public double Fraction => Total > 0 ? Math.Clamp((double)Done / Total, 0, 1) : 0;

    public TimeSpan? Eta => BytesPerSecond > 0 && Total > Done ? TimeSpan.FromSeconds((Total - Done) / BytesPerSecond) : null;
}
