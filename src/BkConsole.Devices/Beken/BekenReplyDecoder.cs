using BkConsole.Devices.Beken.Packets;

namespace BkConsole.Devices.Beken;

/// <summary>
/// Streaming reply decoder with resynchronisation (beken-uart-protocol.md §3.3–3.4). Feed bytes as they arrive
/// with <see cref="Push"/>; <see cref="TryRead"/> yields complete frames. Bytes that cannot start a frame (boot-log
/// noise, line garbage, the tail of a corrupted frame) are skipped and counted in <see cref="DiscardedBytes"/>.
/// Implausible lengths are treated as garbage rather than waited for.
/// </summary>
public sealed class BekenReplyDecoder
{
    /// <summary>Largest LEN16 a reply can carry: Read4K = OP + status + address + 4096.</summary>
    public const int MaxLongLength = 2 + 4 + 4096 + 16;

    private byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    public long DiscardedBytes { get; private set; }

    public int Buffered => _end - _start;

    public void Push(ReadOnlySpan<byte> data)
    {
        if (_end + data.Length > _buffer.Length)
        {
            int live = _end - _start;
            if (live + data.Length > _buffer.Length)
            {
                var bigger = new byte[Math.Max(_buffer.Length * 2, live + data.Length)];
                _buffer.AsSpan(_start, live).CopyTo(bigger);
                _buffer = bigger;
            }
            else
            {
                _buffer.AsSpan(_start, live).CopyTo(_buffer);
            }
            _start = 0;
            _end = live;
        }
        data.CopyTo(_buffer.AsSpan(_end));
        _end += data.Length;
    }

    /// <summary>Forget everything buffered (after a baud switch or a drain).</summary>
    public void Clear()
    {
        DiscardedBytes += _end - _start;
        _start = _end = 0;
    }

    public bool TryRead(out BekenReply reply)
    {
        while (true)
        {
            var span = _buffer.AsSpan(_start, _end - _start);
            int at = span.IndexOf(BekenFrameCodec.ReplyMarker);
            if (at < 0)
            {
                Skip(span.Length);
                reply = null!;
                return false;
            }
            if (at > 0)
            {
                Skip(at);
                span = span[at..];
            }
            switch (Match(span, out reply))
            {
                case Outcome.Frame:
                    return true;
                case Outcome.NeedMore:
                    return false;
                default:
                    Skip(1); // not a frame start: resync from the next byte
                    break;
            }
        }
    }

    private enum Outcome { Frame, NeedMore, Garbage }

    private Outcome Match(ReadOnlySpan<byte> s, out BekenReply reply)
    {
        reply = null!;
        // 04 0E LEN 01 E0 FC …
        ReadOnlySpan<byte> shortHead = [BekenFrameCodec.ReplyMarker, BekenFrameCodec.ReplyEvent];
        if (!PrefixMatches(s, shortHead, 0, out bool more)) return more ? Outcome.NeedMore : Outcome.Garbage;
        if (s.Length < 3) return Outcome.NeedMore;
        byte len = s[2];
        ReadOnlySpan<byte> hci = [BekenFrameCodec.CommandMarker, BekenFrameCodec.Hci0, BekenFrameCodec.Hci1];
        if (!PrefixMatches(s, hci, 3, out more)) return more ? Outcome.NeedMore : Outcome.Garbage;
        if (len == BekenFrameCodec.LongMarker)
        {
            // 04 0E FF 01 E0 FC F4 LEN16 OP STATUS payload
            if (s.Length < 7) return Outcome.NeedMore;
            if (s[6] != BekenFrameCodec.FlashOperate) return Outcome.Garbage;
            if (s.Length < 9) return Outcome.NeedMore;
            int len16 = s[7] | (s[8] << 8);
            if (len16 < 2 || len16 > MaxLongLength) return Outcome.Garbage;
            int total = 9 + len16;
            if (s.Length < total) return Outcome.NeedMore;
            reply = new BekenReply(new CommandId(s[9], true), s.Slice(10, len16 - 1).ToArray());
            Consume(total);
            return Outcome.Frame;
        }
        else
        {
            // 04 0E LEN 01 E0 FC CMD payload, LEN = 4 + payload
            if (len < 4) return Outcome.Garbage;
            int total = 3 + len;
            if (s.Length < total) return Outcome.NeedMore;
            reply = new BekenReply(new CommandId(s[6], false), s.Slice(7, len - 4).ToArray());
            Consume(total);
            return Outcome.Frame;
        }
    }

    private static bool PrefixMatches(ReadOnlySpan<byte> s, ReadOnlySpan<byte> expected, int offset, out bool needMore)
    {
        needMore = false;
        for (int i = 0; i < expected.Length; i++)
        {
            if (offset + i >= s.Length)
            {
                needMore = true;
                return false;
            }
            if (s[offset + i] != expected[i]) return false;
        }
        return true;
    }

    private void Skip(int n)
    {
        DiscardedBytes += n;
        Consume(n);
    }

    private void Consume(int n)
    {
        _start += n;
        if (_start == _end) _start = _end = 0;
    }
}
