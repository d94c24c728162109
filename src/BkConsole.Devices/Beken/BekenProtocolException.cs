using BkConsole.Core.Errors;

namespace BkConsole.Devices.Beken;

/// <summary>The boot code answered something that does not fit the protocol (bad length, wrong echo, bad status).</summary>
public sealed class BekenProtocolException(string message, string? advice = null, Exception? inner = null)
    : BkException(message, advice ?? "check wiring and power; a lower baud rate (--baud 921600 or 115200) often helps", inner);
