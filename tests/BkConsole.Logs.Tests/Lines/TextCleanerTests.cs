using System.Text;
using BkConsole.Logs.Lines;
using CsCheck;

namespace BkConsole.Logs.Tests.Lines;

public sealed class TextCleanerTests
{
    // printable ASCII heavy in the characters a colour code or a written-out escape is made of
    private static readonly Gen<byte> AsciiBytes = Gen.Frequency(
        (4, Gen.Byte[0x20, 0x7E]),
        (4, Gen.OneOfConst((byte)'[', (byte)'3', (byte)'2', (byte)';', (byte)'m', (byte)'0', (byte)']')),
        (1, Gen.OneOfConst((byte)'\\', (byte)'x', (byte)'1', (byte)'b', (byte)'e')));

    [Fact]
    public void The_ascii_fast_path_gives_what_the_full_cleaner_gives()
    {
        AsciiBytes.Array[0, 40].Sample(bytes =>
        {
            var fast = TextCleaner.Clean(bytes, out bool fastAnsi);
            var full = TextCleaner.CleanText(Encoding.ASCII.GetString(bytes), out bool fullAnsi);
            Assert.Equal(full, fast);
            Assert.Equal(fullAnsi, fastAnsi);
        }, iter: 20_000);
    }

    [Theory]
    [InlineData("[01-01 00:00:01 TUYA D][tuya_main.c:12] hello", "[01-01 00:00:01 TUYA D][tuya_main.c:12] hello", false)]
    [InlineData("[I/FAL] | app | 0x10000", "[I/FAL] | app | 0x10000", false)]
    [InlineData("[32;22m[I/FAL] ok[0m", "[I/FAL] ok", true)]
    [InlineData("\\x1B[31mE: boom", "E: boom", true)]
    [InlineData("[1234m stays", "[1234m stays", false)]
    public void Tags_stay_and_colour_codes_go(string line, string text, bool ansi)
    {
        Assert.Equal(text, TextCleaner.Clean(Encoding.ASCII.GetBytes(line), out bool hadAnsi));
        Assert.Equal(ansi, hadAnsi);
    }
}
