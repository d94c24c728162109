namespace BkConsole.Devices.Spi;

/// <summary>
/// One chip-select assertion: clock out <see cref="Write"/>, then <c>Read.Length</c> filler bytes (0xFF) whose
/// MISO bytes land in <see cref="Read"/>. MISO seen while <see cref="Write"/> is clocked is stored in
/// <see cref="WriteEcho"/> when that is not empty (it must then be as long as <see cref="Write"/>).
/// </summary>
public readonly record struct SpiFrame(ReadOnlyMemory<byte> Write, Memory<byte> Read = default, Memory<byte> WriteEcho = default)
{
    public int ClockedBytes => Write.Length + Read.Length;
}
