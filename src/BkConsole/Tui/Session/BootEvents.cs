using BkConsole.Core.Events;

namespace BkConsole.Tui.Session;

/// <summary>The events of the boot in progress (the events pane); cleared when the next boot starts.</summary>
public sealed class BootEvents
{
    private readonly List<LogEvent> _events = [];
    private readonly int _cap;

    public BootEvents(int cap) => _cap = cap;

    public int Boot { get; private set; }

    public IReadOnlyList<LogEvent> Items => _events;

    /// <summary>Events of this boot that did not fit (the cap keeps a chatty app from growing memory).</summary>
    public int Overflow { get; private set; }

    public void Add(LogEvent e)
    {
        if (e.Boot > Boot)
        {
            Boot = e.Boot;
            _events.Clear();
            Overflow = 0;
        }
        else if (e.Boot < Boot && e.Boot != 0)
        {
            return;
        }
        if (_events.Count >= _cap)
        {
            _events.RemoveAt(0);
            Overflow++;
        }
        _events.Add(e);
    }
}
