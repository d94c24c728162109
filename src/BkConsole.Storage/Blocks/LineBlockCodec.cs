using System.Text;
using BkConsole.Core.Events;

namespace BkConsole.Storage.Blocks;

/// <summary>
/// A block of consecutive raw lines packed into one deflated payload: per line a flags byte (ending, ANSI, text
/// stored), length and small deltas (sequence, line number, offset, host time), then every raw byte in order.
/// A line's text is stored only when it is not simply its printable-ASCII bytes without the terminator; so the
/// block round-trips <see cref="LogLine"/> exactly whatever decoder produced the text.
/// </summary>
internal static class LineBlockCodec
{
    private const byte EndingMask = 0x07;
    private const byte AnsiFlag = 0x08;
    private const byte TextFlag = 0x10;

    public static byte[] Encode(IReadOnlyList<LogLine> lines, int start, int count, PackWriter meta, PackWriter raw)
    {
        meta.Clear();
        raw.Clear();
        var first = lines[start];
        meta.VarU((ulong)count);
        meta.VarS(first.Seq);
        meta.VarU((ulong)first.LineNo);
        meta.VarS(first.Offset);
        meta.VarS(first.HostTime.UtcTicks);
        long prevSeq = first.Seq - 1, prevOffset = first.Offset, prevTicks = first.HostTime.UtcTicks;
        int prevLine = first.LineNo - 1;
        for (int i = start; i < start + count; i++)
        {
            var l = lines[i];
            var bytes = l.Raw.Span;
            var content = bytes[..^TerminatorLength(bytes, l.Ending)];
            bool plain = content.Length == l.Text.Length && IsPlainAscii(content) && Ascii.Equals(content, l.Text);
            byte flags = (byte)((byte)l.Ending & EndingMask);
            if (l.HadAnsi) flags |= AnsiFlag;
            if (!plain) flags |= TextFlag;
            meta.Byte(flags);
            meta.VarU((ulong)bytes.Length);
            meta.VarS(l.Seq - prevSeq - 1);
            meta.VarS(l.LineNo - prevLine - 1);
            meta.VarS(l.Offset - prevOffset);
            meta.VarS(l.HostTime.UtcTicks - prevTicks);
            if (!plain) meta.String(l.Text);
            raw.Bytes(bytes);
            prevSeq = l.Seq;
            prevLine = l.LineNo;
            prevOffset = l.Offset + bytes.Length;
            prevTicks = l.HostTime.UtcTicks;
        }
        meta.Bytes(raw.Span);
        return meta.ToCompressed();
    }

    public static List<LogLine> Decode(byte[] compressed)
    {
        var payload = PackReader.Inflate(compressed);
        var r = new PackReader(payload);
        int count = r.Int();
        long seq = r.VarS() - 1;
        int lineNo = r.Int() - 1;
        long offset = r.VarS();
        long ticks = r.VarS();
        var metas = new (byte Flags, int Length, long Seq, int LineNo, long Offset, long Ticks, string? Text)[count];
        for (int i = 0; i < count; i++)
        {
            byte flags = r.Byte();
            int len = r.Int();
            seq += r.VarS() + 1;
            lineNo += checked((int)r.VarS()) + 1;
            offset += r.VarS();
            ticks += r.VarS();
            string? text = (flags & TextFlag) != 0 ? r.String() : null;
            metas[i] = (flags, len, seq, lineNo, offset, ticks, text);
            offset += len;
        }
        var rawAll = payload.AsMemory(r.Position);
        var result = new List<LogLine>(count);
        int pos = 0;
        foreach (var m in metas)
        {
            if (pos + m.Length > rawAll.Length) throw new InvalidDataException("line block raw bytes truncated");
            var raw = rawAll.Slice(pos, m.Length);
            pos += m.Length;
            var ending = (LineEnding)(m.Flags & EndingMask);
            var text = m.Text ?? Encoding.ASCII.GetString(raw.Span[..^TerminatorLength(raw.Span, ending)]);
            result.Add(new LogLine(m.Seq, m.LineNo, new DateTimeOffset(m.Ticks, TimeSpan.Zero), text, raw, ending,
                (m.Flags & AnsiFlag) != 0) { Offset = m.Offset });
        }
        return result;
    }

    /// <summary>Bytes at the end of <paramref name="raw"/> that are the line end (a CR run and/or LF).</summary>
    internal static int TerminatorLength(ReadOnlySpan<byte> raw, LineEnding ending)
    {
        int n = raw.Length;
        switch (ending)
        {
            case LineEnding.Lf:
                return n >= 1 && raw[n - 1] == '\n' ? 1 : 0;
            case LineEnding.CrLf:
            case LineEnding.CrCrLf:
            {
                if (n == 0 || raw[n - 1] != '\n') return 0;
                int k = n - 1;
                while (k > 0 && raw[k - 1] == '\r') k--;
                return n - k;
            }
            case LineEnding.Cr:
            {
                int k = n;
                while (k > 0 && raw[k - 1] == '\r') k--;
                return n - k;
            }
            default:
                return 0;
        }
    }

    private static bool IsPlainAscii(ReadOnlySpan<byte> s)
    {
        foreach (byte b in s)
            if (b < 0x20 || b >= 0x7F) { if (b != (byte)'\t') return false; }
        return true;
    }
}
