using System.Text;
using BkConsole.Core.Events;
using BkConsole.Storage.Blocks;
using BkConsole.Storage.Tests.Support;
using CsCheck;

namespace BkConsole.Storage.Tests;

public sealed class BlockCodecTests
{
    [Fact]
    public void A_line_block_gives_back_every_line_exactly()
    {
        var lines = Synthetic.Lines(500);
        var back = LineBlockCodec.Decode(LineBlockCodec.Encode(lines, 0, lines.Count, new PackWriter(), new PackWriter()));
        Assert.Equal(lines.Count, back.Count);
        for (int i = 0; i < lines.Count; i++) Synthetic.AssertSameLine(lines[i], back[i]);
    }

    [Fact]
    public void Random_bytes_endings_texts_and_gaps_in_numbering_survive_a_line_block()
    {
        var genLine = Gen.Select(Gen.Byte.Array[0, 200], Gen.Enum<LineEnding>(), Gen.String[0, 40], Gen.Bool,
            Gen.Int[0, 3], Gen.Long[-5_000_000, 5_000_000]);
        genLine.List[1, 60].Sample(specs =>
        {
            var lines = new List<LogLine>();
            long seq = 10, offset = 1000;
            int lineNo = 1;
            var time = Synthetic.T0;
            foreach (var (raw, ending, text, ansi, skip, dt) in specs)
            {
                // Text is either the Latin-1 reading of the bytes or anything a decoder made of them.
                string t = ansi ? text : Encoding.Latin1.GetString(raw);
                lines.Add(new LogLine(seq, lineNo, time, t, raw, ending, ansi) { Offset = offset + skip });
                seq += 1 + skip;
                lineNo += 1 + skip;
                offset += raw.Length + skip;
                time = time.AddTicks(dt);
            }
            var back = LineBlockCodec.Decode(LineBlockCodec.Encode(lines, 0, lines.Count, new PackWriter(16), new PackWriter(16)));
            Assert.Equal(lines.Count, back.Count);
            for (int i = 0; i < lines.Count; i++) Synthetic.AssertSameLine(lines[i], back[i]);
        }, iter: 300);
    }

    [Fact]
    public void An_event_block_gives_back_kinds_fields_boots_rules_and_texts()
    {
        var events = Synthetic.Lines(300).Select(Synthetic.EventFor).OfType<LogEvent>().ToList();
        events.Add(new LogEvent("line.garbled", Severity.Warning, 4000, 301, "\u00ff\u0000 odd", [EventField.Of("ratio", 42)]) { Boot = 7 });
        events.Add(new LogEvent("sd.absent", Severity.Critical, 4001, 302, "", []));
        int baseLine = events.Min(e => e.LineNo);
        var back = EventBlockCodec.Decode(EventBlockCodec.Encode(events, baseLine, new PackWriter(), new PackWriter()), baseLine);
        Assert.Equal(events.Count, back.Count);
        for (int i = 0; i < events.Count; i++) Synthetic.AssertSameEvent(events[i], back[i]);
    }

    [Fact]
    public void A_truncated_block_is_reported_as_invalid_data()
    {
        var lines = Synthetic.Lines(50);
        var packed = LineBlockCodec.Encode(lines, 0, lines.Count, new PackWriter(), new PackWriter());
        Assert.ThrowsAny<InvalidDataException>(() => LineBlockCodec.Decode(packed[..(packed.Length / 2)]));
    }
}
