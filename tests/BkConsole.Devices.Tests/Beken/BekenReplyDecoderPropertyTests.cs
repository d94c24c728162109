using BkConsole.Devices.Beken;
using CsCheck;

namespace BkConsole.Devices.Tests.Beken;

public sealed class BekenReplyDecoderPropertyTests
{
    private static byte[] CrcReply(uint crc) =>
        [0x04, 0x0E, 0x08, 0x01, 0xE0, 0xFC, 0x10, (byte)crc, (byte)(crc >> 8), (byte)(crc >> 16), (byte)(crc >> 24)];

    [Fact]
    public void Every_intact_frame_survives_noise_between_frames_and_arbitrary_chunking()
    {
        var noise = Gen.Byte.Where(b => b != 0x04).Array[0, 40];
        Gen.Select(Gen.UInt.Array[1, 20], noise.Array[20], Gen.Int[1, 64]).Sample((crcs, gaps, chunk) =>
        {
            var stream = new List<byte>();
            for (int i = 0; i < crcs.Length; i++)
            {
                stream.AddRange(gaps[i]);
                stream.AddRange(CrcReply(crcs[i]));
            }
            var d = new BekenReplyDecoder();
            var got = new List<uint>();
            var bytes = stream.ToArray();
            for (int at = 0; at < bytes.Length; at += chunk)
            {
                d.Push(bytes.AsSpan(at, Math.Min(chunk, bytes.Length - at)));
                while (d.TryRead(out var r)) got.Add(BitConverter.ToUInt32(r.Body.Span));
            }
            Assert.Equal(crcs, got);
        });
    }
}
