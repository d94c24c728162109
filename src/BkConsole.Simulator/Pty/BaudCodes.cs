namespace BkConsole.Simulator.Pty;

/// <summary>Linux termios speed codes (B0…B4000000, BOTHER) to and from baud rates.</summary>
internal static class BaudCodes
{
    private const uint Cbaud = 0x100F;
    private const uint Bother = 0x1000;

    private static readonly int[] Low = [0, 50, 75, 110, 134, 150, 200, 300, 600, 1200, 1800, 2400, 4800, 9600, 19200, 38400];

    private static readonly int[] High =
        [0, 57600, 115200, 230400, 460800, 500000, 576000, 921600, 1000000, 1152000, 1500000, 2000000, 2500000, 3000000, 3500000, 4000000];

    public static int? FromCflag(uint cflag, uint ospeed)
    {
        uint code = cflag & Cbaud;
        if (code == Bother) return ospeed == 0 ? null : (int)ospeed;
        if ((code & 0x1000) == 0) return Low[code & 0xF];
        int idx = (int)(code & 0xF);
        return idx == 0 ? (ospeed == 0 ? null : (int)ospeed) : High[idx];
    }

    /// <summary>The Bxxx constant for a standard rate (cfsetspeed takes constants); 115200 for anything else.</summary>
    public static uint ToCode(uint baud)
    {
        int i = Array.IndexOf(Low, (int)baud);
        if (i > 0) return (uint)i;
        i = Array.IndexOf(High, (int)baud);
        return i > 0 ? 0x1000u | (uint)i : 0x1002u;
    }
}
