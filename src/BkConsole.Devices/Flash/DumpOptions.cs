namespace BkConsole.Devices.Flash;

/// <summary>What to dump and where. Whole flash by default (bootloader area included, via the wrap on BASIC chips).</summary>
public sealed record DumpOptions
{
    public FlashSessionOptions Session { get; init; } = new();

    public long? Start { get; init; }

    public long? Length { get; init; }

    /// <summary>Exact output file; when null a name <c>&lt;device&gt;-&lt;chip&gt;-&lt;yyyyMMdd-HHmmss&gt;.bin</c> is made in <see cref="Folder"/>.</summary>
    public string? OutputFile { get; init; }

    public string Folder { get; init; } = ".";

    /// <summary>Device key for the file name and manifest (e.g. "doorbell"); defaults to the port's name.</summary>
    public string? Device { get; init; }

    /// <summary>Check every 64 KiB window against the chip's CRC (default). Off only on explicit request; recorded in the manifest.</summary>
    public bool VerifyWithChipCrc { get; init; } = true;
}
