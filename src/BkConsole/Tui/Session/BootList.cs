using BkConsole.Core.Events;

namespace BkConsole.Tui.Session;

/// <summary>The boots seen in this session, oldest first; updated in place as a boot learns more.</summary>
public sealed class BootList
{
    private readonly List<BootRecord> _boots = [];

    public IReadOnlyList<BootRecord> Items => _boots;

    public BootRecord? Current => _boots.Count == 0 ? null : _boots[^1];

    /// <summary>Adds or replaces the boot with the same index. Returns true when it is a new boot.</summary>
    public bool Upsert(BootRecord boot)
    {
        for (int i = _boots.Count - 1; i >= 0; i--)
        {
            if (_boots[i].Index == boot.Index)
            {
                _boots[i] = boot;
                return false;
            }
            if (_boots[i].Index < boot.Index) break;
        }
        _boots.Add(boot);
        _boots.Sort((a, b) => a.Index.CompareTo(b.Index));
        return true;
    }
}
