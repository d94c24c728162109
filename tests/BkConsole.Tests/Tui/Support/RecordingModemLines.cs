using BkConsole.Core.Links;

namespace BkConsole.Tests.Tui.Support;

/// <summary>DTR/RTS of an adapter, recorded as "DTR=1", "RTS=0"… in the order they were set.</summary>
internal sealed class RecordingModemLines : IModemLines
{
    private readonly List<string> _changes = [];

    public IReadOnlyList<string> Changes
    {
        get { lock (_changes) return _changes.ToArray(); }
    }

    public bool Dtr { get; private set; }

    public bool Rts { get; private set; }

    public void SetDtr(bool asserted)
    {
        Dtr = asserted;
        lock (_changes) _changes.Add(asserted ? "DTR=1" : "DTR=0");
    }

    public void SetRts(bool asserted)
    {
        Rts = asserted;
        lock (_changes) _changes.Add(asserted ? "RTS=1" : "RTS=0");
    }
}
