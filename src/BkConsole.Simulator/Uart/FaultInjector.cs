namespace BkConsole.Simulator.Uart;

/// <summary>
/// Applies one direction's faults to a byte stream. Exactly three random draws per byte (plus one per flip), so the
/// result depends only on the seed and the bytes, never on how they were chunked.
/// </summary>
public sealed class FaultInjector(DirectionFaults faults, int seed)
{
    private readonly Random _random = new(seed);

    public DirectionFaults Faults => faults;

    public long Dropped { get; private set; }

    public long Flipped { get; private set; }

    public long Stalls { get; private set; }

    /// <summary>Returns the bytes that survive, and the stalls to insert before given output positions.</summary>
    public byte[] Apply(ReadOnlySpan<byte> input, List<(int Position, TimeSpan Stall)>? stalls = null)
    {
        if (!faults.Any) return input.ToArray();
        var output = new List<byte>(input.Length);
        foreach (var b in input)
        {
            double drop = _random.NextDouble();
            double flip = _random.NextDouble();
            double stall = _random.NextDouble();
            if (stall < faults.Stall)
            {
                Stalls++;
                stalls?.Add((output.Count, faults.StallTime));
            }
            if (drop < faults.Drop)
            {
                Dropped++;
                continue;
            }
            byte v = b;
            if (flip < faults.Flip)
            {
                Flipped++;
                v ^= (byte)(1 << _random.Next(8));
            }
            output.Add(v);
        }
        return output.ToArray();
    }
}
