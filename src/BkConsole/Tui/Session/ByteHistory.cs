namespace BkConsole.Tui.Session;

/// <summary>The last received bytes, for the hex view. <see cref="TotalBytes"/> gives each byte's stream offset.</summary>
public sealed class ByteHistory
{
    private readonly byte[] _ring;
    private int _start;
    private int _count;

    public ByteHistory(int capacity) => _ring = new byte[capacity];

    public long TotalBytes { get; private set; }

    public int Count => _count;

    /// <summary>Stream offset of the oldest byte kept.</summary>
    public long FirstOffset => TotalBytes - _count;

    public void Append(ReadOnlySpan<byte> data)
    {
        TotalBytes += data.Length;
        if (data.Length >= _ring.Length)
        {
            data[^_ring.Length..].CopyTo(_ring);
            _start = 0;
            _count = _ring.Length;
            return;
        }
        // at most two block copies (the ring's tail, then its head), not a modulo per byte
        int end = (_start + _count) % _ring.Length;
        int first = Math.Min(data.Length, _ring.Length - end);
        data[..first].CopyTo(_ring.AsSpan(end));
        data[first..].CopyTo(_ring);
        int overflow = Math.Max(0, _count + data.Length - _ring.Length);
        _count = Math.Min(_ring.Length, _count + data.Length);
        _start = (_start + overflow) % _ring.Length;
    }

    /// <summary>Copies the newest <paramref name="length"/> bytes (or fewer) and returns the offset of the first.</summary>
    public (long Offset, byte[] Bytes) Tail(int length)
    {
        int n = Math.Min(length, _count);
        var bytes = new byte[n];
        int from = (_start + _count - n) % _ring.Length;
        for (int i = 0; i < n; i++) bytes[i] = _ring[(from + i) % _ring.Length];
        return (TotalBytes - n, bytes);
    }
}
