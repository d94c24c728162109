using BkConsole.Core.Events;
using BkConsole.Storage;

namespace BkConsole.Cli;

/// <summary>A stored dump, the device it belongs to, and the boots captured around the time it was taken.</summary>
internal sealed record DumpContext(StoredDump Dump, DeviceRecord? Device, IReadOnlyList<(StoredCapture Capture, BootRecord Boot)> BootsAround);

/// <summary>
/// Query helper over the store: finds a dump by its SHA-256 and links it to its device and to the boots of that
/// device's captures that started within <see cref="Window"/> before or after the dump (plus the boot it names).
/// </summary>
internal static class DumpLinks
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(30);

    public static DumpContext? FindBySha256(BkStore store, string sha256)
    {
        foreach (var device in store.Devices())
        {
            var dump = store.Dumps(device.Key).FirstOrDefault(d => string.Equals(d.Manifest.Sha256, sha256, StringComparison.OrdinalIgnoreCase));
            if (dump != null) return Around(store, dump, device);
        }
        return null;
    }

    public static DumpContext Around(BkStore store, StoredDump dump, DeviceRecord? device)
    {
        var t = dump.Manifest.Time;
        var boots = new List<(StoredCapture, BootRecord)>();
        foreach (var cap in store.Captures())
        {
            bool sameDevice = device != null && cap.Device == device.Key;
            if (!sameDevice && cap.Id != dump.Capture) continue;
            foreach (var b in store.Boots(cap.Id))
            {
                bool named = cap.Id == dump.Capture && b.Index == dump.Boot;
                bool near = b.Start is { } s && (s - t).Duration() <= Window;
                if (named || near) boots.Add((cap, b));
            }
        }
        return new DumpContext(dump, device, boots.OrderBy(x => x.Item2.Start ?? DateTimeOffset.MinValue).ToList());
    }
}
