namespace BkConsole.Devices.Spi;

/// <summary>The three bytes a 9F (RDID) returns: manufacturer, memory type, capacity code.</summary>
public readonly record struct JedecId(byte Manufacturer, byte MemoryType, byte Capacity)
{
    /// <summary>False for the patterns of "nothing answered": 00 00 00 (MISO low) and FF FF FF (MISO floating).</summary>
    public bool IsValid => !(Manufacturer == 0 && MemoryType == 0 && Capacity == 0)
                           && !(Manufacturer == 0xFF && MemoryType == 0xFF && Capacity == 0xFF);

    /// <summary>Size implied by the capacity code (2^code) when it is plausible (64 KiB … 256 MiB), else null.</summary>
    public long? SizeFromCapacity => Capacity is >= 0x10 and <= 0x1C ? 1L << Capacity : null;

    /// <summary>Six lower-case hex digits, as in the dump manifest ("0b4016").</summary>
    public string Hex => $"{Manufacturer:x2}{MemoryType:x2}{Capacity:x2}";

    public override string ToString() => $"{Manufacturer:X2} {MemoryType:X2} {Capacity:X2}";

    public static JedecId Parse(string hex)
    {
        var clean = hex.Replace(" ", "", StringComparison.Ordinal);
        var b = Convert.FromHexString(clean);
        if (b.Length != 3) throw new FormatException($"a JEDEC id has 3 bytes: '{hex}'");
        return new JedecId(b[0], b[1], b[2]);
    }
}
