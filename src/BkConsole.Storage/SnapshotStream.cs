namespace BkConsole.Storage;

/// <summary>
/// A read-only view of the first <see cref="Length"/> bytes of a store file, fixed when it is opened, handed to LiteDB
/// by a read-only opener instead of a path.
/// </summary>
/// <remarks>
/// Why not LiteDB's own <c>ReadOnly=true</c> on the path: its file factory truncates a log whose length is not a
/// whole number of pages (a writer mid-append looks like that), and on close it deletes a log it finds empty (a
/// writer that just checkpointed has one) — both would damage the running writer. This view cannot be written,
/// truncated or deleted. The length is rounded down to whole 8 KiB pages: the writer appends log pages in order and
/// the file size only covers bytes already written, so every page below it is complete; LiteDB then indexes exactly
/// the transactions confirmed inside it (a consistent snapshot), and pages appended later are never seen.
/// </remarks>
internal sealed class SnapshotStream : Stream
{
    public const int PageSize = 8192;

    private readonly FileStream _file;
    private readonly long _length;
    private long _position;

    private SnapshotStream(FileStream file, long length)
    {
        _file = file;
        _length = length;
    }

    /// <summary>The file's whole pages as they are now; null when the file does not exist or holds no whole page.</summary>
    public static SnapshotStream? Open(string path)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.RandomAccess);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        long length = file.Length / PageSize * PageSize;
        if (length == 0)
        {
            file.Dispose();
            return null;
        }
        return new SnapshotStream(file, length);
    }

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        long left = _length - _position;
        if (left <= 0) return 0;
        if (buffer.Length > left) buffer = buffer[..(int)left];
        int total = 0;
        while (total < buffer.Length)
        {
            int n = RandomAccess.Read(_file.SafeFileHandle, buffer[total..], _position + total);
            if (n == 0) break; // cannot happen below a length once observed (files here only grow or are truncated by a checkpoint we exclude)
            total += n;
        }
        _position += total;
        return total;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => _length + offset,
        };
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw ReadOnly();

    public override void Write(byte[] buffer, int offset, int count) => throw ReadOnly();

    private static NotSupportedException ReadOnly() => new("the store is open read-only");

    protected override void Dispose(bool disposing)
    {
        if (disposing) _file.Dispose();
        base.Dispose(disposing);
    }
}
