namespace BkConsole.Simulator.Uart;

/// <summary>The device's UART transmitter as the firmware sees it: bytes, rate changes and busy-waits, in order.</summary>
public interface IUartOutput
{
    void Send(ReadOnlySpan<byte> data);

    /// <summary>Reprogram the UART: bytes queued after this leave at the new rate.</summary>
    void SwitchBaud(int baud);

    /// <summary>The firmware busy-waits: nothing leaves for this long. Non-essential pauses are skipped with --no-pacing.</summary>
    void Pause(TimeSpan duration, bool essential);
}
