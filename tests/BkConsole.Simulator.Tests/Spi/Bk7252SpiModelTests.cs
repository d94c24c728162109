using BkConsole.Simulator.Spi;

namespace BkConsole.Simulator.Tests.Spi;

public sealed class Bk7252SpiModelTests
{
    private static byte[] Frame(ISpiTarget chip, TimeSpan t, params byte[] mosi)
    {
        chip.ChipSelect(true, t);
        var miso = mosi.Select(b => chip.Exchange(b, t)).ToArray();
        chip.ChipSelect(false, t);
        return miso;
    }

    private static Bk7252SpiModel Chip(double p) =>
        new(new SpiNorFlashModel(SpiNorProfile.Xt25f32b), new Bk7252SpiOptions { SuccessProbability = p, Seed = 1 });

    private static readonly byte[] Rdid = [0x9F, 0, 0, 0];

    [Fact]
    public void A_running_chip_answers_zeros_and_a_chip_in_reset_floats_high()
    {
        var chip = Chip(1);
        Assert.Equal(new byte[4], Frame(chip, TimeSpan.Zero, Rdid));
        chip.SetCen(false, TimeSpan.Zero);
        Assert.Equal(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }, Frame(chip, TimeSpan.Zero, Rdid));
    }

    [Fact]
    public void After_a_CEN_pulse_and_a_D2_run_the_flash_appears_once_the_switch_delay_passed()
    {
        var chip = Chip(1);
        var t = TimeSpan.FromSeconds(1);
        chip.SetCen(false, t);
        chip.SetCen(true, t += TimeSpan.FromMilliseconds(100));
        var echo = Frame(chip, t, Enumerable.Repeat((byte)0xD2, 64).ToArray());
        Assert.Equal(new byte[] { 0xD2 }.Concat(new byte[63]), echo);
        Assert.Equal(Bk7252SpiState.Handshake, chip.State);
        Assert.Equal(new byte[4], Frame(chip, t + TimeSpan.FromMilliseconds(10), Rdid));
        Assert.Equal(new byte[] { 0xFF, 0x0B, 0x40, 0x16 }, Frame(chip, t + TimeSpan.FromMilliseconds(150), Rdid));
        Assert.Equal(Bk7252SpiState.Passthrough, chip.State);
    }

    [Fact]
    public void While_listening_the_first_byte_of_a_frame_echoes_a_preceding_D2()
    {
        var chip = Chip(0);
        chip.SetCen(false, TimeSpan.Zero);
        chip.SetCen(true, TimeSpan.FromMilliseconds(100));
        Frame(chip, TimeSpan.FromMilliseconds(101), 0xD2, 0xD2);
        Assert.Equal(new byte[] { 0xD2, 0, 0, 0 }, Frame(chip, TimeSpan.FromMilliseconds(102), Rdid));
    }

    [Fact]
    public void Entry_is_flaky_with_a_seed_so_some_attempts_fail_and_the_same_ones_fail_every_run()
    {
        static List<bool> Run()
        {
            var chip = new Bk7252SpiModel(new SpiNorFlashModel(SpiNorProfile.Xt25f32b), new Bk7252SpiOptions { SuccessProbability = 0.3, Seed = 42 });
            var outcomes = new List<bool>();
            var t = TimeSpan.Zero;
            for (int i = 0; i < 20; i++)
            {
                chip.SetCen(false, t += TimeSpan.FromSeconds(1));
                chip.SetCen(true, t += TimeSpan.FromMilliseconds(100));
                Frame(chip, t, Enumerable.Repeat((byte)0xD2, 64).ToArray());
                outcomes.Add(chip.State == Bk7252SpiState.Handshake);
            }
            return outcomes;
        }
        var a = Run();
        Assert.Equal(a, Run());
        Assert.Contains(true, a);
        Assert.Contains(false, a);
    }

    [Fact]
    public void Missing_the_boot_window_boots_the_firmware_which_sets_the_SDK_protection()
    {
        var chip = Chip(1);
        chip.SetCen(false, TimeSpan.Zero);
        chip.SetCen(true, TimeSpan.FromMilliseconds(100));
        Frame(chip, TimeSpan.FromSeconds(2), Enumerable.Repeat((byte)0xD2, 64).ToArray());
        Assert.Equal(Bk7252SpiState.Firmware, chip.State);
        Assert.Equal(0x4004, chip.Flash.Status);
    }
}
