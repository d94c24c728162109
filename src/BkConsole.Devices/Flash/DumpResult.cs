using BkConsole.Core.Flash;
using BkConsole.Devices.Beken;

namespace BkConsole.Devices.Flash;

/// <summary>A finished dump: the image file, its manifest (also written as FILE.json), and what was learned about the chip.</summary>
public sealed record DumpResult(string File, DumpManifest Manifest, ChipIdentity Identity, bool IsFullBackup, bool Rebooted);
