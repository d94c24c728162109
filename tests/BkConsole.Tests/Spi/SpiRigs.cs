using BkConsole.Devices.Spi;
using BkConsole.Devices.Spi.Ch341a;
using BkConsole.Simulator.Spi;

namespace BkConsole.Tests.Spi;

/// <summary>The real driver stack (CH341A master → Spi25 → service) on the emulated CH341A + BK7252 + XT25F32B.</summary>
internal static class SpiRigs
{
    public static (SpiEmulatorRig Rig, SpiFlashService Service) Create(
        byte[]? image = null, double success = 0.3, int seed = 5, int attempts = 1000, bool protect = true, TimeSpan? window = null)
    {
        var options = new Bk7252SpiOptions
        {
            SuccessProbability = success,
            Seed = seed,
            FirmwareProtects = protect,
            BootWindow = window ?? new Bk7252SpiOptions().BootWindow,
        };
        var rig = new SpiEmulatorRig(image ?? SpiEmulatorRig.SampleImage(), options);
        var master = new Ch341aSpiMaster(rig.Usb, "emulator");
        return (rig, new SpiFlashService(master, master, new SpiFlashOptions { MaxAttempts = attempts }));
    }

    public sealed class Collect<T> : IProgress<T>
    {
        public List<T> Items { get; } = [];

        public Action<T>? Also { get; init; }

        public void Report(T value)
        {
            Items.Add(value);
            Also?.Invoke(value);
        }
    }
}
