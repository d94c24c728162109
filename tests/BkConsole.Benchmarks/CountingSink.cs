using BkConsole.Core.Events;

namespace BkConsole.Benchmarks;

/// <summary>Counts lines without keeping them (the assembler writes into any ICollection): the log benches' sink.</summary>
internal sealed class CountingSink : ICollection<LogLine>
{
    public long Count { get; set; }
    int ICollection<LogLine>.Count => (int)Count;
    public bool IsReadOnly => false;
    public void Add(LogLine item) => Count++;
    public void Clear() => Count = 0;
    public bool Contains(LogLine item) => false;
    public void CopyTo(LogLine[] array, int arrayIndex) { }
    public bool Remove(LogLine item) => false;
    public IEnumerator<LogLine> GetEnumerator() => Enumerable.Empty<LogLine>().GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
