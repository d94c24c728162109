using System.Globalization;
using BkConsole.Core.Errors;

namespace BkConsole.Simulator.Uart;

/// <summary>Fault rates for one direction: drop a byte, flip one bit of it, or stall the line before it.</summary>
public sealed record DirectionFaults(double Drop, double Flip, double Stall, TimeSpan StallTime)
{
    public static DirectionFaults None { get; } = new(0, 0, 0, TimeSpan.Zero);

    public bool Any => Drop > 0 || Flip > 0 || Stall > 0;
}

/// <summary>
/// <c>--faults</c>: comma-separated <c>drop=P</c>, <c>flip=P</c>, <c>stall=P:MS</c>; a <c>rx:</c> or <c>tx:</c> prefix
/// (device receive / device transmit) selects the direction for that item and the ones after it; items before any
/// prefix apply to both. Example: <c>rx:drop=0.001,tx:flip=0.0005,stall=0.0001:200</c>.
/// </summary>
public sealed record FaultSpec(DirectionFaults Rx, DirectionFaults Tx)
{
    public static FaultSpec None { get; } = new(DirectionFaults.None, DirectionFaults.None);

    public static FaultSpec Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return None;
        var rx = DirectionFaults.None;
        var tx = DirectionFaults.None;
        string dir = "both";
        foreach (var raw in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var item = raw;
            foreach (var prefix in new[] { "rx:", "tx:" })
            {
                if (item.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    dir = prefix[..2];
                    item = item[3..];
                }
            }
            var kv = item.Split('=', 2);
            if (kv.Length != 2) throw Bad(raw);
            Func<DirectionFaults, DirectionFaults> apply = kv[0].ToLowerInvariant() switch
            {
                "drop" => f => f with { Drop = Probability(kv[1], raw) },
                "flip" => f => f with { Flip = Probability(kv[1], raw) },
                "stall" => StallSetter(kv[1], raw),
                _ => throw Bad(raw),
            };
            if (dir != "tx") rx = apply(rx);
            if (dir != "rx") tx = apply(tx);
        }
        return new FaultSpec(rx, tx);
    }

    private static Func<DirectionFaults, DirectionFaults> StallSetter(string value, string raw)
    {
        var parts = value.Split(':', 2);
        if (parts.Length != 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int ms) || ms <= 0 || ms > 60_000)
            throw Bad(raw);
        double p = Probability(parts[0], raw);
        return f => f with { Stall = p, StallTime = TimeSpan.FromMilliseconds(ms) };
    }

    private static double Probability(string s, string raw)
    {
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double p) || p < 0 || p > 1) throw Bad(raw);
        return p;
    }

    private static UsageException Bad(string item) =>
        new($"bad --faults item '{item}': use drop=P, flip=P or stall=P:MS (P from 0 to 1), optionally after rx: or tx:");
}
