using BkConsole.Core.Flash;
using BkConsole.Storage;
using BkConsole.Tui.Dump;

namespace BkConsole.Tui.Host;

/// <summary>Records a one-key dump in the store against its device and the live capture.</summary>
public sealed class StoreDumpRecorder : IDumpRecorder
{
    private readonly BkStore _store;
    private readonly int? _capture;

    public StoreDumpRecorder(BkStore store, int? capture)
    {
        _store = store;
        _capture = capture;
    }

    public void Record(DumpManifest manifest, string binPath)
    {
        if (manifest.Device is { } device)
            _store.UpsertDevice(new DeviceRecord(device) { Chip = manifest.Chip, LastSeen = DateTimeOffset.UtcNow });
        _store.RecordDump(manifest, _capture);
    }
}
