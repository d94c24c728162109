using System.IO.Compression;
using System.Text;

namespace BkConsole.Storage.Blocks;

/// <summary>Growable byte buffer with LEB128 varints; the payload format of line and event blocks.</summary>
internal sealed class PackWriter
{
    private byte[] _buf;
    private int _len;

    public PackWriter(int capacity = 4096) => _buf = new byte[capacity];

    public int Length => _len;

    public void Clear() => _len = 0;

    private void Ensure(int more)
    {
        if (_len + more <= _buf.Length) return;
        Array.Resize(ref _buf, Math.Max(_buf.Length * 2, _len + more));
    }

    public void Byte(byte b)
    {
        Ensure(1);
        _buf[_len++] = b;
    }

    public void VarU(ulong v)
    {
        Ensure(10);
        while (v >= 0x80)
        {
            _buf[_len++] = (byte)(v | 0x80);
            v >>= 7;
        }
        _buf[_len++] = (byte)v;
    }

    public void VarS(long v) => VarU((ulong)((v << 1) ^ (v >> 63)));

    public void Bytes(ReadOnlySpan<byte> data)
    {
        Ensure(data.Length);
        data.CopyTo(_buf.AsSpan(_len));
        _len += data.Length;
    }

    public void String(string s)
    {
        int n = Encoding.UTF8.GetByteCount(s);
        Ensure(n + 10);
        VarU((ulong)n);
        _len += Encoding.UTF8.GetBytes(s, _buf.AsSpan(_len));
    }

    public ReadOnlySpan<byte> Span => _buf.AsSpan(0, _len);

    /// <summary>The payload deflated (fastest level): what a block document stores.</summary>
    public byte[] ToCompressed()
    {
        var ms = new MemoryStream(_len / 3 + 64);
        using (var z = new DeflateStream(ms, CompressionLevel.Fastest, leaveOpen: true)) z.Write(_buf, 0, _len);
        return ms.ToArray();
    }
}

/// <summary>Reads what <see cref="PackWriter"/> wrote; any malformed input throws <see cref="InvalidDataException"/>.</summary>
internal ref struct PackReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _pos;

    public PackReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _pos = 0;
    }

    public readonly bool AtEnd => _pos >= _data.Length;

    public readonly int Position => _pos;

    public byte Byte()
    {
        if (_pos >= _data.Length) throw new InvalidDataException("block payload truncated");
        return _data[_pos++];
    }

    public ulong VarU()
    {
        ulong v = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte b = Byte();
            v |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return v;
        }
        throw new InvalidDataException("bad varint in block payload");
    }

    public long VarS()
    {
        ulong u = VarU();
        return (long)(u >> 1) ^ -(long)(u & 1);
    }

    public int Int() => checked((int)VarU());

    public ReadOnlySpan<byte> Bytes(int n)
    {
        if (n < 0 || _pos + n > _data.Length) throw new InvalidDataException("block payload truncated");
        var s = _data.Slice(_pos, n);
        _pos += n;
        return s;
    }

    public string String() => Encoding.UTF8.GetString(Bytes(Int()));

    public static byte[] Inflate(byte[] compressed)
    {
        using var z = new DeflateStream(new MemoryStream(compressed), CompressionMode.Decompress);
        var ms = new MemoryStream(compressed.Length * 4);
        z.CopyTo(ms);
        return ms.ToArray();
    }
}
