using BkConsole.Devices.Beken.Packets;

namespace BkConsole.Devices.Beken;

/// <summary>One request of a pipelined batch: the command, its reply deadline, and how to recognise its reply.</summary>
internal sealed record PipelineItem(BekenCommand Command, TimeSpan Timeout, Func<BekenReply, bool> Matches)
{
    /// <summary>Silence after which this reply is taken as lost (the boot code answers in order and at once).</summary>
    public TimeSpan? Idle { get; init; }
}

/// <summary>
/// Keeps up to <c>depth</c> requests in flight; the boot code answers strictly in order, so the wire never idles
/// between replies. A missing reply (timeout, or a later request's reply arriving first) stops further sending; the
/// caller recovers the session and retries the holes.
/// </summary>
internal static class Pipeline
{
    public const int Depth = 3;

    public static async Task<BekenReply?[]> RunAsync(BekenTransport transport, IReadOnlyList<PipelineItem> items, CancellationToken ct,
        Action<int, BekenReply>? onReply = null)
    {
        var results = new BekenReply?[items.Count];
        int sent = 0, head = 0;
        bool failed = false;
        while (head < items.Count)
        {
            while (!failed && sent < items.Count && sent - head < Depth)
            {
                await transport.SendAsync(items[sent].Command, ct).ConfigureAwait(false);
                sent++;
            }
            if (head >= sent) break;
            var reply = await transport.NextAsync(items[head].Timeout, ct, items[head].Idle).ConfigureAwait(false);
            if (reply == null) break; // the chip went quiet: give up on this batch, the caller recovers
            int k = -1;
            for (int i = head; i < sent; i++)
            {
                if (items[i].Matches(reply))
                {
                    k = i;
                    break;
                }
            }
            if (k < 0) continue; // stale or foreign frame
            if (k > head) failed = true; // replies before k were lost
            results[k] = reply;
            onReply?.Invoke(k, reply);
            head = k + 1;
        }
        return results;
    }

    /// <summary>Matcher for flash replies that echo their address (errors carry none and match by id only).</summary>
    public static Func<BekenReply, bool> ByAddress(CommandId id, uint wireAddress) => r =>
        r.Id == id && (r.Status != 0 || (r.Body.Length >= 5 && BitConverter.ToUInt32(r.Body.Span[1..5]) == wireAddress));

    public static Func<BekenReply, bool> ById(CommandId id) => r => r.Id == id;
}
