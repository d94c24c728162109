using BkConsole.Devices.Beken.Packets;

namespace BkConsole.Devices.Beken;

/// <summary>
/// Commands → bytes (beken-uart-protocol.md §3.2). Pure; knows nothing about ports. The reverse direction is
/// <see cref="BekenReplyDecoder"/>. Short frame: 01 E0 FC LEN CMD params (LEN = 1 + params, &lt; 0xFF);
/// long frame: 01 E0 FC FF F4 LEN16 OP params (LEN16 = 1 + params).
/// </summary>
public static class BekenFrameCodec
{
    public const byte CommandMarker = 0x01;
    public const byte Hci0 = 0xE0;
    public const byte Hci1 = 0xFC;
    public const byte LongMarker = 0xFF;
    public const byte FlashOperate = 0xF4;
    public const byte ReplyMarker = 0x04;
    public const byte ReplyEvent = 0x0E;

    public static int EncodedLength(BekenCommand command) =>
        command.Id.IsLong ? 8 + command.ParameterLength : 5 + command.ParameterLength;

    public static byte[] Encode(BekenCommand command)
    {
        var frame = new byte[EncodedLength(command)];
        Encode(command, frame);
        return frame;
    }

    /// <summary>Write the frame into <paramref name="destination"/>; returns its length.</summary>
    public static int Encode(BekenCommand command, Span<byte> destination)
    {
        int n = EncodedLength(command);
        destination[0] = CommandMarker;
        destination[1] = Hci0;
        destination[2] = Hci1;
        if (command.Id.IsLong)
        {
            int len16 = 1 + command.ParameterLength;
            destination[3] = LongMarker;
            destination[4] = FlashOperate;
            destination[5] = (byte)len16;
            destination[6] = (byte)(len16 >> 8);
            destination[7] = command.Id.Opcode;
            command.WriteParameters(destination.Slice(8, command.ParameterLength));
        }
        else
        {
            if (command.ParameterLength + 1 >= LongMarker)
                throw new ArgumentException($"{command.Id}: {command.ParameterLength} parameter bytes do not fit a short frame");
            destination[3] = (byte)(1 + command.ParameterLength);
            destination[4] = command.Id.Opcode;
            command.WriteParameters(destination.Slice(5, command.ParameterLength));
        }
        return n;
    }
}
