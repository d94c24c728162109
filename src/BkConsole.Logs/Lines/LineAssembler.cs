using BkConsole.Core.Events;

namespace BkConsole.Logs.Lines;

/// <summary>
/// Pure byte → line splitter (no I/O, no clock of its own; style.md §10). Line ends: <c>\n</c>, <c>\r\n</c>,
/// <c>\r\r\n</c> (any run of CRs before LF counts as one end) and a lone <c>\r</c> run followed by other text.
/// A CR at the end of a chunk is held until the next byte shows what it was, so chunking never changes the result.
/// A CR run at the very start of a line is kept as content (a terminal's carriage return, not an empty line).
/// Every byte ends up in exactly one line's <see cref="LogLine.Raw"/>, in order.
/// </summary>
public sealed class LineAssembler
{
    private const int SlabSize = 64 * 1024;

    /// <summary>The first slab is small (most captures are a few KiB); each next one doubles up to <see cref="SlabSize"/>.</summary>
    private const int FirstSlabSize = 4 * 1024;

    /// <summary>A run of this many CRs with nothing after them yet ends the line anyway (bounded memory).</summary>
    private const int MaxCrRun = 64;

    private readonly LineAssemblerOptions _options;
    private byte[] _pending = new byte[256];
    private int _length;          // bytes in _pending (content + trailing CRs)
    private int _trailingCr;      // CRs at the end of _pending whose meaning is not known yet
    private bool _absorbLf;       // an idle flush ended on CR: a following LF belongs to that end, kept as leading byte
    private DateTimeOffset _lineStart;
    private DateTimeOffset _lastArrival;
    private long _nextSeq;
    private int _lineNo;
    private long _offset;         // offset of _pending[0] in the stream
    private byte[] _slab = new byte[FirstSlabSize];
    private int _slabUsed;

    public LineAssembler(LineAssemblerOptions? options = null)
    {
        _options = options ?? LineAssemblerOptions.Default;
        if (_options.MaxLineBytes < 16) throw new ArgumentOutOfRangeException(nameof(options), "MaxLineBytes must be at least 16");
        _nextSeq = _options.FirstSeq;
    }

    /// <summary>Bytes received so far (including the partial line).</summary>
    public long BytesIn => _offset + _length;

    /// <summary>Lines emitted so far.</summary>
    public int LinesOut => _lineNo;

    /// <summary>True while a partial line is waiting for its end.</summary>
    public bool HasPartial => _length > 0;

    /// <summary>Feeds bytes that arrived at <paramref name="arrival"/>; completed lines are added to <paramref name="output"/>.</summary>
    public void Push(ReadOnlySpan<byte> data, DateTimeOffset arrival, ICollection<LogLine> output)
    {
        if (data.IsEmpty) return;
        _lastArrival = arrival;
        int i = 0;
        while (i < data.Length)
        {
            if (_length == 0) _lineStart = arrival;
            byte b = data[i];
            if (_absorbLf)
            {
                _absorbLf = false;
                if (b == (byte)'\n') { Append(b); i++; continue; }
            }
            if (_trailingCr > 0)
            {
                if (b == (byte)'\r')
                {
                    Append(b);
                    i++;
                    if (++_trailingCr >= MaxCrRun) Emit(LineEnding.Cr, output);
                    continue;
                }
                if (b == (byte)'\n')
                {
                    Append(b);
                    i++;
                    Emit(_trailingCr == 1 ? LineEnding.CrLf : LineEnding.CrCrLf, output);
                    continue;
                }
                if (_length == _trailingCr)
                {
                    _trailingCr = 0; // CRs at the start of a line: content, not an end
                }
                else
                {
                    Emit(LineEnding.Cr, output);
                    continue;
                }
            }
            // Plain content up to the next CR/LF, cut at MaxLineBytes.
            var rest = data[i..];
            int stop = rest.IndexOfAny((byte)'\r', (byte)'\n');
            int run = stop < 0 ? rest.Length : stop;
            while (run > 0)
            {
                int room = _options.MaxLineBytes - _length;
                if (room <= 0)
                {
                    Emit(LineEnding.None, output);
                    _lineStart = arrival;
                    continue;
                }
                int take = Math.Min(room, run);
                Append(rest[..take]);
                rest = rest[take..];
                i += take;
                run -= take;
            }
            if (stop < 0) break;
            b = data[i];
            Append(b);
            i++;
            if (b == (byte)'\n') Emit(LineEnding.Lf, output);
            else _trailingCr = 1;
        }
    }

    /// <summary>Convenience overload returning the completed lines.</summary>
    public IReadOnlyList<LogLine> Push(ReadOnlySpan<byte> data, DateTimeOffset arrival)
    {
        var list = new List<LogLine>();
        Push(data, arrival, list);
        return list;
    }

    /// <summary>
    /// Emits the partial line when nothing arrived for <see cref="LineAssemblerOptions.IdleFlush"/> before
    /// <paramref name="now"/> (a prompt such as <c>msh /></c> has no line end). Returns true when a line was emitted.
    /// </summary>
    public bool FlushIfIdle(DateTimeOffset now, ICollection<LogLine> output)
    {
        if (_length == 0 || now - _lastArrival < _options.IdleFlush) return false;
        FlushPartial(output);
        return true;
    }

    /// <summary>Emits whatever is pending (end of input).</summary>
    public void Flush(ICollection<LogLine> output)
    {
        if (_length > 0) FlushPartial(output);
        _absorbLf = false;
    }

    private void FlushPartial(ICollection<LogLine> output)
    {
        bool endsInCr = _trailingCr > 0;
        Emit(endsInCr ? LineEnding.Cr : LineEnding.None, output);
        _absorbLf = endsInCr;
    }

    private void Append(byte b)
    {
        if (_length == _pending.Length) Array.Resize(ref _pending, _pending.Length * 2);
        _pending[_length++] = b;
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (_length + bytes.Length > _pending.Length)
            Array.Resize(ref _pending, Math.Max(_pending.Length * 2, _length + bytes.Length));
        bytes.CopyTo(_pending.AsSpan(_length));
        _length += bytes.Length;
    }

    private void Emit(LineEnding ending, ICollection<LogLine> output)
    {
        int terminator = ending switch
        {
            LineEnding.Lf => 1,
            LineEnding.CrLf => 2,
            LineEnding.CrCrLf => _trailingCr + 1,
            LineEnding.Cr => _trailingCr,
            _ => 0,
        };
        var raw = Store(_pending.AsSpan(0, _length));
        var text = TextCleaner.Clean(_pending.AsSpan(0, _length - terminator), out bool hadAnsi);
        output.Add(new LogLine(_nextSeq++, ++_lineNo, _lineStart, text, raw, ending, hadAnsi) { Offset = _offset });
        _offset += _length;
        _length = 0;
        _trailingCr = 0;
        _lineStart = _lastArrival;
    }

    /// <summary>Copies a line's bytes into a shared slab (one allocation per slab of up to 64 KiB, not per line).</summary>
    private ReadOnlyMemory<byte> Store(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > SlabSize / 4) return bytes.ToArray();
        if (_slabUsed + bytes.Length > _slab.Length)
        {
            _slab = new byte[Math.Min(SlabSize, Math.Max(_slab.Length * 2, bytes.Length))];
            _slabUsed = 0;
        }
        bytes.CopyTo(_slab.AsSpan(_slabUsed));
        var mem = new ReadOnlyMemory<byte>(_slab, _slabUsed, bytes.Length);
        _slabUsed += bytes.Length;
        return mem;
    }
}
