namespace BkConsole.Tui.Session;

/// <summary>
/// The log pane's lines in memory, capped (everything is in the store). Index 0 is the oldest line still kept;
/// <see cref="Dropped"/> counts lines that fell off the front so views can keep their position stable.
/// </summary>
public sealed class Scrollback
{
    private readonly ScrollLine[] _ring;
    private int _start;

    public Scrollback(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new ScrollLine[capacity];
    }

    public int Capacity => _ring.Length;

    public int Count { get; private set; }

    /// <summary>Lines that were dropped from the front since the start.</summary>
    public long Dropped { get; private set; }

    /// <summary>Lines added since the start.</summary>
    public long Added => Dropped + Count;

    public ScrollLine this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index));
            return _ring[(_start + index) % _ring.Length];
        }
    }

    /// <summary>The kept lines, oldest first.</summary>
    public IEnumerable<ScrollLine> Items()
    {
        for (int i = 0; i < Count; i++) yield return this[i];
    }

    public void Add(ScrollLine line)
    {
        if (Count < _ring.Length)
        {
            _ring[(_start + Count) % _ring.Length] = line;
            Count++;
        }
        else
        {
            _ring[_start] = line;
            _start = (_start + 1) % _ring.Length;
            Dropped++;
        }
    }
}
