namespace BkConsole.Simulator.Spi;

/// <summary>
/// The emulated bench: a CH341A whose D0/D2/D3/D5/D7 go to a BK7252 in the doorbell wiring, with an
/// XT25F32B inside. What tests, benchmarks and <c>--programmer emulator</c> use.
/// </summary>
public sealed class SpiEmulatorRig
{
    public SpiEmulatorRig(byte[]? image = null, Bk7252SpiOptions? options = null, ushort? status = null, Ch341aTiming? timing = null)
    {
        var o = options ?? new Bk7252SpiOptions();
        Flash = new SpiNorFlashModel(SpiNorProfile.Xt25f32b, image, status ?? (o.FirmwareProtects ? (ushort)0x4004 : (ushort)0));
        Chip = new Bk7252SpiModel(Flash, o);
        Usb = new Ch341aEmulator(Chip, timing);
    }

    public SpiNorFlashModel Flash { get; }

    public Bk7252SpiModel Chip { get; }

    public Ch341aEmulator Usb { get; }

    /// <summary>Deterministic non-blank content that looks like a Beken flash (for demos and tests).</summary>
    public static byte[] SampleImage(int size = 4 << 20, int seed = 1)
    {
        var image = new byte[size];
        var rnd = new Random(seed);
        rnd.NextBytes(image.AsSpan(0, Math.Min(size, 0x11000)));          // bootloader
        rnd.NextBytes(image.AsSpan(Math.Min(size, 0x11000), Math.Min(size - Math.Min(size, 0x11000), 0x120000)));
        image.AsSpan(Math.Min(size, 0x131000)).Fill(0xFF);                   // erased tail
        return image;
    }
}
