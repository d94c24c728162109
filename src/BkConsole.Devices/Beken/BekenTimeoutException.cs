using BkConsole.Core.Errors;

namespace BkConsole.Devices.Beken;

/// <summary>No (valid) reply within the named deadline.</summary>
public sealed class BekenTimeoutException(string message, string? advice = null)
    : BkException(message, advice ?? "the chip stopped answering: check power (a weak 3.3 V supply resets the chip), wiring, or use a lower --baud");
