using BkConsole.Core.Chips;
using BkConsole.Core.Links;
using BkConsole.Devices.Beken;
using BkConsole.Devices.Beken.Reset;
using BkConsole.Devices.Flash;
using BkConsole.Simulator.Device;
using BkConsole.Simulator.Flash;
using BkConsole.Simulator.Uart;

namespace BkConsole.Tests.Flash;

/// <summary>The real client against the simulator's bootloader over an in-memory cable, unpaced for speed.</summary>
internal sealed class SimRig : IAsyncDisposable
{
    public SimRig(ChipProfile chip, bool download = true, FaultSpec? faults = null, int seed = 1, byte[]? image = null, bool pacing = false)
    {
        Cable = new InMemoryLink();
        var options = new SimOptions
        {
            Chip = chip, Pacing = pacing, StartInDownloadMode = download, Seed = seed, Faults = faults ?? FaultSpec.None,
        };
        Device = new SimulatedDevice(Cable.Device, options, image == null ? null : new SimFlash(image));
        Device.Start();
    }

    public InMemoryLink Cable { get; }

    public ISerialLink Link => Cable.Host;

    public SimulatedDevice Device { get; }

    public byte[] Flash => Device.Flash.Snapshot();

    public static FlashSessionOptions Session(ChipProfile? chip = null, int baud = 2_000_000) => new()
    {
        Chip = chip,
        Baud = baud,
        ResetStrategies = ResetStrategies.Automatic,
    };

    public async Task<BekenClient> LinkedClientAsync(ChipProfile? chip = null, CancellationToken ct = default)
    {
        var client = new BekenClient(Link);
        await client.ConnectAsync(ResetStrategies.Automatic, null, ct);
        await client.IdentifyAsync(chip, ct);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await Cable.Host.DisposeAsync();
        Device.Dispose();
    }
}
