namespace BkConsole.Devices.Beken.Reset;

/// <summary>What the link phase is doing, for a status line or a prompt. <see cref="Remaining"/> counts down a manual step.</summary>
public sealed record LinkProgress(string Strategy, string Message, TimeSpan? Remaining = null, bool NeedsUser = false);
