using BkConsole.Core.Flash;

namespace BkConsole.Tui.Dump;

/// <summary>Records a saved dump against its device (the store), so later writes know a verified backup exists.</summary>
public interface IDumpRecorder
{
    void Record(DumpManifest manifest, string binPath);
}
