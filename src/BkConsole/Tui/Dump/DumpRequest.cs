namespace BkConsole.Tui.Dump;

/// <summary>
/// What the one-key dump reads: the device (for the file name and the store), the flash link port, and whether
/// that port is the log port (then the log reader lends it for the dump). <paramref name="ViaSpi"/>: read with
/// the SPI programmer instead (no serial link; <paramref name="FlashPort"/> is then the programmer's name).
/// </summary>
public sealed record DumpRequest(string Device, string FlashPort, bool SharesLogPort, string DumpsFolder, int LogBaud, bool ViaSpi = false);
