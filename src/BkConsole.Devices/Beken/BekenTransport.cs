using BkConsole.Core.Links;
using BkConsole.Devices.Beken.Packets;

namespace BkConsole.Devices.Beken;

/// <summary>
/// Frames over a link: encodes commands, pumps received bytes into the <see cref="BekenReplyDecoder"/> and hands out
/// replies in arrival order, each wait bounded by a deadline and a CancellationToken.
/// </summary>
internal sealed class BekenTransport(ISerialLink link)
{
    private readonly BekenReplyDecoder _decoder = new();
    private readonly byte[] _readBuffer = new byte[64 * 1024];
    private readonly byte[] _frame = new byte[8 + 4 + 4096 + 64];

    public ISerialLink Link { get; } = link;

    public long DiscardedBytes => _decoder.DiscardedBytes;

    /// <summary>Replies that arrived but nobody asked for (stale LinkCheck answers, late replies).</summary>
    public long StaleReplies { get; private set; }

    public ValueTask SendAsync(BekenCommand command, CancellationToken ct)
    {
        int n = BekenFrameCodec.Encode(command, _frame);
        return Link.WriteAsync(_frame.AsMemory(0, n), ct);
    }

    public ValueTask SendRawAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct) => Link.WriteAsync(bytes, ct);

    /// <summary>
    /// The next reply, or null when none completes within <paramref name="timeout"/> — or when a started reply stalls
    /// for <see cref="BekenTimeouts.PartialReplyIdle"/> (a byte was lost; waiting longer cannot complete it), or when the
    /// line stays silent for <paramref name="idle"/> (a pipelined request whose reply was destroyed).
    /// </summary>
    public async Task<BekenReply?> NextAsync(TimeSpan timeout, CancellationToken ct, TimeSpan? idle = null)
    {
        if (_decoder.TryRead(out var ready)) return ready;
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            var left = until - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) return null;
            var quiet = _decoder.Buffered > 0 ? BekenTimeouts.PartialReplyIdle(Link.BaudRate) : idle;
            if (quiet is { } q && q < left) left = q;
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(left);
            int n;
            try
            {
                n = await Link.ReadAsync(_readBuffer, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return null;
            }
            _decoder.Push(_readBuffer.AsSpan(0, n));
            if (_decoder.TryRead(out var reply)) return reply;
        }
    }

    /// <summary>The next reply with <paramref name="id"/>; others are dropped as stale. Null on timeout.</summary>
    public async Task<BekenReply?> ExpectAsync(CommandId id, TimeSpan timeout, CancellationToken ct, Func<BekenReply, bool>? accept = null)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            var left = until - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) return null;
            var reply = await NextAsync(left, ct).ConfigureAwait(false);
            if (reply == null) return null;
            if (reply.Id == id && (accept == null || accept(reply))) return reply;
            StaleReplies++;
        }
    }

    /// <summary>Read and drop whatever arrives for <paramref name="quiet"/> (bounded by 10× that).</summary>
    public async Task DrainAsync(TimeSpan quiet, CancellationToken ct)
    {
        var hardStop = DateTime.UtcNow + quiet * 10;
        while (DateTime.UtcNow < hardStop)
        {
            using var window = CancellationTokenSource.CreateLinkedTokenSource(ct);
            window.CancelAfter(quiet);
            try
            {
                await Link.ReadAsync(_readBuffer, window.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                break;
            }
        }
        Link.DiscardInput();
        _decoder.Clear();
    }

    /// <summary>Forget buffered bytes without waiting (after a host baud change).</summary>
    public void Reset()
    {
        Link.DiscardInput();
        _decoder.Clear();
    }
}
