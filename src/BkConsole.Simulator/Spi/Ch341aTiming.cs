namespace BkConsole.Simulator.Spi;

/// <summary>
/// The emulator's time model (ch341a-spi.md §1.5, §1.6, §7): SPI clock fixed near 1.5 MHz (8 bits per byte),
/// ~0.75 µs per UIO instruction, a 32-byte packet never faster than its full-speed bus time, and 1 ms USB frames:
/// a transfer the host starts when the pipe is idle begins at the next frame, and the host sees IN data at the
/// end of the frame in which it became ready.
/// </summary>
public sealed record Ch341aTiming
{
    public double SckHz { get; init; } = 1.5e6;
    public double UioInstructionMicroseconds { get; init; } = 0.75;
    public double PacketBusMicroseconds { get; init; } = 25;
    public double FrameMicroseconds { get; init; } = 1000;

    public double ByteMicroseconds => 8e6 / SckHz;

    public static Ch341aTiming Default { get; } = new();
}
