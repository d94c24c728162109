using BkConsole.Core.Errors;

namespace BkConsole.Simulator.Flash;

/// <summary>
/// The emulated SPI NOR array: addresses wrap modulo the size (the part ignores address bits it does not have,
/// which is what the wrap-around hack and size detection rely on), programming only clears bits, erasing sets 0xFF.
/// Optionally backed by a file that is rewritten only when <see cref="Persist"/> is on.
/// </summary>
public sealed class SimFlash
{
    public const int SectorSize = 0x1000;
    public const int PageSize = 0x100;

    private readonly byte[] _data;
    private readonly object _gate = new();
    private bool _dirty;

    public SimFlash(byte[] data, string? backingFile = null, bool persist = false)
    {
        if (data.Length == 0 || (data.Length & (data.Length - 1)) != 0)
            throw new ArgumentException("flash size must be a power of two", nameof(data));
        _data = data;
        BackingFile = backingFile;
        Persist = persist && backingFile != null;
    }

    public int Size => _data.Length;

    public string? BackingFile { get; }

    public bool Persist { get; }

    /// <summary>Total bytes programmed or erased since start (for tests and the status line).</summary>
    public long Writes { get; private set; }

    /// <summary>Loads an image file that must be exactly the chip's flash size.</summary>
    public static SimFlash FromFile(string path, int expectedSize, bool persist)
    {
        if (!File.Exists(path))
            throw new BkException($"flash image '{path}' does not exist", "give an existing dump, or leave out --flash for a generated image");
        long len = new FileInfo(path).Length;
        if (len != expectedSize)
            throw new BkException(
                $"flash image '{path}' is {len} bytes (0x{len:X}) but this chip's flash is {expectedSize} bytes (0x{expectedSize:X})",
                "pass a full dump of the same chip (BK7252: 4 MiB, BK7231T/U/N, BK7238: 2 MiB), or choose the matching --chip");
        return new SimFlash(File.ReadAllBytes(path), path, persist);
    }

    public int Physical(long address) => (int)(address & (Size - 1));

    public byte[] Read(long address, int length)
    {
        var result = new byte[length];
        lock (_gate)
        {
            for (int i = 0; i < length; i++) result[i] = _data[Physical(address + i)];
        }
        return result;
    }

    /// <summary>Copy of the whole array.</summary>
    public byte[] Snapshot()
    {
        lock (_gate) return (byte[])_data.Clone();
    }

    /// <summary>Runs a function over [address, address+length) in physical order (wrapping), without copying.</summary>
    public uint Crc(long address, long length, uint seed)
    {
        uint crc = seed;
        lock (_gate)
        {
            long done = 0;
            while (done < length)
            {
                int phys = Physical(address + done);
                int chunk = (int)Math.Min(length - done, Size - phys);
                crc = Core.Checksums.BekenCrc32.Update(crc, _data.AsSpan(phys, chunk));
                done += chunk;
            }
        }
        return crc;
    }

    /// <summary>Page program: bits only go 1→0; bytes past the end of the 256-byte page wrap to its start.</summary>
    public void Program(long address, ReadOnlySpan<byte> data)
    {
        lock (_gate)
        {
            int page = Physical(address) & ~(PageSize - 1);
            int offset = Physical(address) & (PageSize - 1);
            for (int i = 0; i < data.Length; i++)
            {
                int phys = page + ((offset + i) & (PageSize - 1));
                _data[phys] &= data[i];
            }
            Writes += data.Length;
            _dirty = true;
        }
    }

    /// <summary>Erases the aligned block of <paramref name="blockSize"/> bytes containing the address.</summary>
    public void Erase(long address, int blockSize)
    {
        lock (_gate)
        {
            int start = Physical(address) & ~(blockSize - 1);
            _data.AsSpan(start, Math.Min(blockSize, Size - start)).Fill(0xFF);
            Writes += blockSize;
            _dirty = true;
        }
    }

    public void EraseAll()
    {
        lock (_gate)
        {
            _data.AsSpan().Fill(0xFF);
            Writes += Size;
            _dirty = true;
        }
    }

    /// <summary>Writes the array back to its file when --persist was given and something changed.</summary>
    public void Flush()
    {
        if (!Persist || BackingFile == null) return;
        byte[] copy;
        lock (_gate)
        {
            if (!_dirty) return;
            copy = (byte[])_data.Clone();
            _dirty = false;
        }
        var tmp = BackingFile + ".tmp";
        File.WriteAllBytes(tmp, copy);
        File.Move(tmp, BackingFile, overwrite: true);
    }
}
