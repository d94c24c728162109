using BkConsole.Core.Links;

namespace BkConsole.Devices.Beken.Reset;

/// <summary>Ask the user to reset the chip by hand; the client counts the window down through the progress reports.</summary>
public sealed class ManualReset(TimeSpan? window = null) : IResetStrategy
{
    public const string Instruction = "short CEN to GND now (about a quarter second), or power-cycle the device";

    public string Name => "manual reset";

    public TimeSpan Window { get; } = window ?? BekenTimeouts.ManualResetWindow;

    public string? UnavailableReason(ISerialLink link) => null;

    public Task ResetAsync(ISerialLink link, IProgress<LinkProgress>? progress, CancellationToken ct)
    {
        progress?.Report(new LinkProgress(Name, Instruction, Window, NeedsUser: true));
        return Task.CompletedTask;
    }
}
