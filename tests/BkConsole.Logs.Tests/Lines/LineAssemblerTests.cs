using System.Text;
using BkConsole.Core.Events;
using BkConsole.Logs.Lines;
using CsCheck;

namespace BkConsole.Logs.Tests.Lines;

public sealed class LineAssemblerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static List<LogLine> Run(byte[] input, IEnumerable<int> chunkSizes, LineAssemblerOptions? options = null)
    {
        var asm = new LineAssembler(options);
        var lines = new List<LogLine>();
        int pos = 0;
        foreach (var size in chunkSizes)
        {
            if (pos >= input.Length) break;
            int n = Math.Min(size, input.Length - pos);
            asm.Push(input.AsSpan(pos, n), T0, lines);
            pos += n;
        }
        if (pos < input.Length) asm.Push(input.AsSpan(pos), T0, lines);
        asm.Flush(lines);
        return lines;
    }

    private static List<LogLine> Run(string input) => Run(Encoding.UTF8.GetBytes(input), [int.MaxValue]);

    private static readonly Gen<byte> LineBytes = Gen.Frequency(
        (6, Gen.Byte),
        (3, Gen.OneOfConst((byte)'\r', (byte)'\n')),
        (1, Gen.OneOfConst((byte)0x1b, (byte)'[', (byte)'3', (byte)';', (byte)'m', (byte)0)));

    private static readonly Gen<(byte[] Input, int[] Chunks)> StreamAndChunks =
        Gen.Select(LineBytes.Array[0, 600], Gen.Int[1, 40].Array[1, 60]);

    [Fact]
    public void Every_byte_of_a_random_stream_is_in_exactly_one_raw_line_whatever_the_chunking()
    {
        StreamAndChunks.Sample(t =>
        {
            var lines = Run(t.Input, t.Chunks, new LineAssemblerOptions { MaxLineBytes = 50 });
            var concat = lines.SelectMany(l => l.Raw.ToArray()).ToArray();
            Assert.Equal(t.Input, concat);
            long offset = 0;
            for (int i = 0; i < lines.Count; i++)
            {
                Assert.Equal(i + 1, lines[i].LineNo);
                Assert.Equal(offset, lines[i].Offset);
                offset += lines[i].Raw.Length;
            }
        });
    }

    [Fact]
    public void Splitting_does_not_depend_on_how_the_stream_was_chunked()
    {
        StreamAndChunks.Sample(t =>
        {
            var options = new LineAssemblerOptions { MaxLineBytes = 50 };
            var whole = Run(t.Input, [int.MaxValue], options);
            var chunked = Run(t.Input, t.Chunks, options);
            Assert.Equal(whole.Count, chunked.Count);
            for (int i = 0; i < whole.Count; i++)
            {
                Assert.Equal(whole[i].Raw.ToArray(), chunked[i].Raw.ToArray());
                Assert.Equal(whole[i].Text, chunked[i].Text);
                Assert.Equal(whole[i].Ending, chunked[i].Ending);
            }
        });
    }

    [Fact]
    public void The_four_line_ends_each_end_one_line()
    {
        var lines = Run("a\nb\r\nc\r\r\nd\re");
        Assert.Equal(["a", "b", "c", "d", "e"], lines.Select(l => l.Text));
        Assert.Equal([LineEnding.Lf, LineEnding.CrLf, LineEnding.CrCrLf, LineEnding.Cr, LineEnding.None],
            lines.Select(l => l.Ending));
    }

    [Fact]
    public void A_cr_at_the_end_of_one_chunk_and_lf_at_the_start_of_the_next_make_one_line_end()
    {
        var asm = new LineAssembler();
        var lines = new List<LogLine>();
        asm.Push("abc\r"u8, T0, lines);
        Assert.Empty(lines);
        asm.Push("\ndef\r"u8, T0, lines);
        asm.Push("\r"u8, T0, lines);
        asm.Push("\nx"u8, T0, lines);
        Assert.Equal(["abc", "def"], lines.Select(l => l.Text));
        Assert.Equal([LineEnding.CrLf, LineEnding.CrCrLf], lines.Select(l => l.Ending));
    }

    [Fact]
    public void A_cr_before_text_at_the_start_of_a_line_is_not_an_empty_line()
    {
        var lines = Run("close on th=0\r\n\r[_VidFrameGetTh][1526]0-->0:0\r\n");
        Assert.Equal(["close on th=0", "[_VidFrameGetTh][1526]0-->0:0"], lines.Select(l => l.Text));
    }

    [Fact]
    public void A_prompt_without_newline_is_flushed_after_the_idle_interval_only()
    {
        var asm = new LineAssembler();
        var lines = new List<LogLine>();
        asm.Push("msh />"u8, T0, lines);
        Assert.False(asm.FlushIfIdle(T0 + LineTimeouts.IdleFlush / 2, lines));
        Assert.True(asm.FlushIfIdle(T0 + LineTimeouts.IdleFlush, lines));
        Assert.Equal("msh />", Assert.Single(lines).Text);
        Assert.Equal(LineEnding.None, lines[0].Ending);
    }

    [Fact]
    public void An_lf_after_an_idle_flushed_cr_does_not_make_an_empty_line()
    {
        var asm = new LineAssembler();
        var lines = new List<LogLine>();
        asm.Push("prompt\r"u8, T0, lines);
        asm.FlushIfIdle(T0.AddSeconds(1), lines);
        asm.Push("\nnext\n"u8, T0.AddSeconds(2), lines);
        asm.Flush(lines);
        Assert.Equal(["prompt", "next"], lines.Select(l => l.Text));
        Assert.Equal("\nnext\n"u8.ToArray(), lines[1].Raw.ToArray());
    }

    [Fact]
    public void Nul_runs_ff_bytes_and_invalid_utf8_survive_in_raw_and_decode_leniently()
    {
        byte[] input = [.. "ps: 0x20 \r\r"u8, .. new byte[197], 0xFF, 0xC3, 0x28, .. "ok\r\n"u8];
        var lines = Run(input, [7, 3, 100]);
        Assert.Equal(input, lines.SelectMany(l => l.Raw.ToArray()).ToArray());
        Assert.Equal("ps: 0x20 ", lines[0].Text);
        Assert.Equal("\uFFFD\uFFFD(ok", lines[1].Text);
    }

    [Fact]
    public void A_one_megabyte_line_stays_one_line_and_nothing_is_lost()
    {
        var input = new byte[1024 * 1024 + 1];
        input.AsSpan().Fill((byte)'x');
        input[^1] = (byte)'\n';
        var lines = Run(input, [4096]);
        var line = Assert.Single(lines);
        Assert.Equal(1024 * 1024, line.Text.Length);
        Assert.Equal(LineEnding.Lf, line.Ending);
        Assert.Equal(input.Length, line.Raw.Length);
    }

    [Fact]
    public void A_line_longer_than_the_maximum_is_cut_into_pieces_of_the_maximum_length_and_nothing_is_lost()
    {
        var input = new byte[1024 * 1024 + 1];
        input.AsSpan().Fill((byte)'x');
        input[^1] = (byte)'\n';
        var lines = Run(input, [4096], new LineAssemblerOptions { MaxLineBytes = 64 * 1024 });
        Assert.Equal(16, lines.Count);
        Assert.All(lines, l => Assert.Equal(64 * 1024, l.Text.Length));
        Assert.All(lines.Take(15), l => Assert.Equal(LineEnding.None, l.Ending));
        Assert.Equal(LineEnding.Lf, lines[^1].Ending);
        Assert.Equal(input.Length, lines.Sum(l => l.Raw.Length));
    }

    [Theory]
    [InlineData("\u001b[32;22m[I/FAL] Fal(V0.4.0)success\u001b[0m", "[I/FAL] Fal(V0.4.0)success")]
    [InlineData("[32;22m[I/FAL] Fal(V0.4.0)success[0m", "[I/FAL] Fal(V0.4.0)success")]
    [InlineData("\\x1B[31;22m[E/OTA] (ota_main:290) App verify failed!\\x1B[0m", "[E/OTA] (ota_main:290) App verify failed!")]
    [InlineData("[W][wifi_lt:514]: Disconnected", "[W][wifi_lt:514]: Disconnected")]
    [InlineData("\u001b[0;33m[W][wifi:061]: x\u001b[0m", "[W][wifi:061]: x")]
    public void Colour_codes_are_removed_from_the_text_in_every_spelling(string input, string expected)
    {
        var line = Assert.Single(Run(input + "\n"));
        Assert.Equal(expected, line.Text);
        Assert.Equal(input != expected, line.HadAnsi);
    }

    [Fact]
    public void Sequence_numbers_continue_from_the_configured_first_value_and_host_time_is_the_first_byte_arrival()
    {
        var asm = new LineAssembler(new LineAssemblerOptions { FirstSeq = 100 });
        var lines = new List<LogLine>();
        asm.Push("ab"u8, T0, lines);
        asm.Push("c\nd\n"u8, T0.AddSeconds(1), lines);
        Assert.Equal([100L, 101L], lines.Select(l => l.Seq));
        Assert.Equal([T0, T0.AddSeconds(1)], lines.Select(l => l.HostTime));
    }
}
