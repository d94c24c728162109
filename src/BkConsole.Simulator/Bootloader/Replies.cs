namespace BkConsole.Simulator.Bootloader;

/// <summary>Reply framing (beken-uart-protocol.md §3.3): short <c>04 0E LEN 01 E0 FC CMD payload</c>, long
/// <c>04 0E FF 01 E0 FC F4 LEN16 OP STATUS payload</c>.</summary>
public static class Replies
{
    public static byte[] Short(byte cmd, ReadOnlySpan<byte> payload)
    {
        var r = new byte[7 + payload.Length];
        r[0] = 0x04;
        r[1] = 0x0E;
        r[2] = (byte)(4 + payload.Length);
        r[3] = 0x01;
        r[4] = 0xE0;
        r[5] = 0xFC;
        r[6] = cmd;
        payload.CopyTo(r.AsSpan(7));
        return r;
    }

    public static byte[] Long(byte op, BekenStatus status, ReadOnlySpan<byte> payload)
    {
        int len16 = 2 + payload.Length;
        var r = new byte[9 + len16];
        r[0] = 0x04;
        r[1] = 0x0E;
        r[2] = 0xFF;
        r[3] = 0x01;
        r[4] = 0xE0;
        r[5] = 0xFC;
        r[6] = 0xF4;
        r[7] = (byte)len16;
        r[8] = (byte)(len16 >> 8);
        r[9] = op;
        r[10] = (byte)status;
        payload.CopyTo(r.AsSpan(11));
        return r;
    }

    public static byte[] LinkCheckOk { get; } = Short(0x01, [0x00]);

    public static byte[] Le32(uint v) => [(byte)v, (byte)(v >> 8), (byte)(v >> 16), (byte)(v >> 24)];

    public static uint ReadLe32(ReadOnlySpan<byte> b) => (uint)(b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24));
}
