using BkConsole.Core.Flash;

namespace BkConsole.Devices.Spi;

/// <summary>A dump written to disk: its manifest, and why it is not a usable backup (null when it is).</summary>
public sealed record SpiDumpResult(DumpManifest Manifest, string Path, string? GuardProblem);
