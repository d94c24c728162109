using BkConsole.Core.Errors;
using BkConsole.Core.Links;
using BkConsole.Tui.Session;

namespace BkConsole.Tests.Tui.Support;

/// <summary>A port path that can be unplugged and plugged back: each open returns a new <see cref="MemoryLink"/>.</summary>
internal sealed class MemoryPort
{
    private readonly object _gate = new();
    private MemoryLink? _current;
    private bool _present = true;

    public MemoryPort(string path) => Path = path;

    public string Path { get; }

    public int Opens { get; private set; }

    /// <summary>When set, the port behaves like a USB adapter with DTR/RTS (every open shares this recorder).</summary>
    public RecordingModemLines? Lines { get; init; }

    public MemoryLink Current
    {
        get { lock (_gate) return _current ?? throw new InvalidOperationException("not open"); }
    }

    public LinkOpener Opener => (baud, ct) =>
    {
        lock (_gate)
        {
            if (!_present) throw new BkException($"{Path}: no such port", "plug the adapter back in");
            Opens++;
            _current = new MemoryLink(Path, baud) { Lines = Lines };
            return ValueTask.FromResult<ISerialLink>(_current);
        }
    };

    public void Unplug()
    {
        lock (_gate)
        {
            _present = false;
            _current?.Lose();
        }
    }

    public void PlugIn()
    {
        lock (_gate) _present = true;
    }
}
