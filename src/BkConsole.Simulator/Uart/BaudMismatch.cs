namespace BkConsole.Simulator.Uart;

/// <summary>
/// What a receiver set to one rate makes of 8N1 bytes sent at another: the transmitted bytes are turned into a line
/// level over time (start bit 0, data LSB first, stop bit 1, idle high) and a UART at the receiver's rate samples it
/// — wait for a falling edge, sample mid-bit, emit the byte even with a framing error. Faster receivers see runs of
/// 0x00/0xF8/0x80-like bytes, slower ones see few, mangled bytes: the garbage people get at the wrong baud.
/// </summary>
public static class BaudMismatch
{
    /// <summary>Rates within this relative difference are compatible (UARTs tolerate a few percent).</summary>
    public const double Tolerance = 0.03;

    public static bool Compatible(int txBaud, int rxBaud) =>
        Math.Abs(txBaud - rxBaud) <= Tolerance * Math.Max(txBaud, rxBaud);

    public static byte[] Resample(ReadOnlySpan<byte> data, int txBaud, int rxBaud)
    {
        if (data.IsEmpty || Compatible(txBaud, rxBaud)) return data.ToArray();
        int bits = data.Length * 10;
        var level = new bool[bits];
        for (int i = 0; i < data.Length; i++)
        {
            int o = i * 10;
            level[o] = false;
            for (int k = 0; k < 8; k++) level[o + 1 + k] = ((data[i] >> k) & 1) != 0;
            level[o + 9] = true;
        }
        bool At(double t) => t < 0 || t >= bits || level[(int)t];

        double q = (double)txBaud / rxBaud; // receiver bit length in transmitter bit units
        var output = new List<byte>();
        int j = 0;
        while (true)
        {
            // next high→low edge at or after j (the line idles high before the first byte)
            while (j < bits && !(level[j] == false && (j == 0 || level[j - 1]))) j++;
            if (j >= bits) break;
            double t0 = j;
            byte value = 0;
            for (int k = 0; k < 8; k++)
            {
                if (At(t0 + q * (1.5 + k))) value |= (byte)(1 << k);
            }
            output.Add(value);
            double stop = t0 + q * 9.5;
            j = Math.Max(j + 1, (int)Math.Ceiling(stop));
        }
        return output.ToArray();
    }
}
