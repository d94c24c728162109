namespace BkConsole.Devices.Spi;

/// <summary>
/// Live state of the Beken SPI-mode entry loop: attempt number, elapsed time, whether any reply to the 0xD2 run
/// echoed 0xD2 (the wiring sanity signal) and the last JEDEC reply seen.
/// </summary>
public sealed record BekenEntryProgress(int Attempt, int MaxAttempts, TimeSpan Elapsed, bool SawD2Echo, JedecId LastId);
