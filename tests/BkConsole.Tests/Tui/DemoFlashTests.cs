using BkConsole.Cli;
using BkConsole.Core.Chips;
using BkConsole.Simulator.Flash;
using BkConsole.Tests.Flash;
using BkConsole.Tui.Dump;
using BkConsole.Tui.Host;
using BkConsole.Tui.Spi;

namespace BkConsole.Tests.Tui;

/// <summary>The demo's two dump paths read one simulated chip: the doorbell's UART bootloader and the emulated CH341A.</summary>
public sealed class DemoFlashTests
{
    [Fact]
    public async Task An_SPI_dump_of_the_demo_flash_equals_a_UART_dump_of_the_simulated_doorbell()
    {
        var chip = ChipProfiles.Bk7252;
        var flash = FlashImageBuilder.Build(chip, seed: 1);
        await using var rig = new SimRig(chip, image: flash);
        // the device changes its flash after start (as an OTA would): both paths must see the change
        rig.Device.Flash.Erase(0x200000, SimFlash.SectorSize);
        rig.Device.Flash.Program(0x200000, "written by the running device"u8);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var progress = new Progress<DumpProgress>();

        var uart = await new UartFlashDumper(SimRig.Session()).ReadWholeFlashAsync(rig.Link, progress, timeout.Token);
        var spi = await new SpiFlashDumper(new SpiCommands.SpiSessionOptions { Programmer = "emulator", EmulatedFlash = flash })
            .ReadWholeFlashAsync(progress, timeout.Token);

        Assert.Equal(chip.FlashSize, spi.Data.Length);
        Assert.True(uart.Data.AsSpan().SequenceEqual(spi.Data));
        Assert.Equal("written by the running device"u8.ToArray(), spi.Data.AsSpan(0x200000, 29).ToArray());
    }
}
