namespace BkConsole.Simulator.Spi;

/// <summary>Parameters of an emulated SPI NOR part: identity, geometry and self-timed operation durations.</summary>
public sealed record SpiNorProfile
{
    public required string Name { get; init; }
    public required byte[] JedecId { get; init; }
    public required byte DeviceId { get; init; }
    public required int Size { get; init; }
    public int PageSize { get; init; } = 256;
    public bool HasWriteStatus2 { get; init; }
    public TimeSpan PageProgramTime { get; init; } = TimeSpan.FromMicroseconds(500);
    public TimeSpan SectorEraseTime { get; init; } = TimeSpan.FromMilliseconds(60);
    public TimeSpan Block32EraseTime { get; init; } = TimeSpan.FromMilliseconds(150);
    public TimeSpan Block64EraseTime { get; init; } = TimeSpan.FromMilliseconds(250);
    public TimeSpan ChipEraseTime { get; init; } = TimeSpan.FromSeconds(15);
    public TimeSpan WriteStatusTime { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>XTX XT25F32B, the BK7252 doorbell's 4 MiB flash: 2-byte WRSR (01), no 31h (Beken's table).</summary>
    public static SpiNorProfile Xt25f32b => new()
    {
        Name = "XT25F32B",
        JedecId = [0x0B, 0x40, 0x16],
        DeviceId = 0x15,
        Size = 4 << 20,
    };

}
