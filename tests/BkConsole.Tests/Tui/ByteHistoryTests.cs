using BkConsole.Tui.Session;

namespace BkConsole.Tests.Tui;

public sealed class ByteHistoryTests
{
    [Fact]
    public void The_hex_history_keeps_exactly_the_last_bytes_across_wraps_of_any_size()
    {
        var random = new Random(7252);
        var history = new ByteHistory(1000);
        var all = new List<byte>();
        for (int round = 0; round < 500; round++)
        {
            var chunk = new byte[random.Next(0, round % 50 == 0 ? 2500 : 300)];
            random.NextBytes(chunk);
            history.Append(chunk);
            all.AddRange(chunk);

            int kept = Math.Min(1000, all.Count);
            Assert.Equal(kept, history.Count);
            Assert.Equal(all.Count, history.TotalBytes);
            var (offset, bytes) = history.Tail(1000);
            Assert.Equal(all.Count - kept, offset);
            Assert.Equal(all.Skip(all.Count - kept).ToArray(), bytes);
        }
    }
}
