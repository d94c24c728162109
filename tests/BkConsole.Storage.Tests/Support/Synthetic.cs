using System.Text;
using BkConsole.Core.Events;

namespace BkConsole.Storage.Tests.Support;

/// <summary>Synthetic Core values shaped like a BK7252 boot log: lines, their events and boots.</summary>
internal static class Synthetic
{
    private static readonly string[] Texts =
    [
        "V:BK7231S_1.0.5",
        "go os_addr(0x10000)..........",
        "[01-01 00:00:00 TUYA D][mqc_app.c:179] mqtt publish ok",
        "[E/FAL] (fal_partition_init:123) Partition table NOT found on flash: beken_onchip_crc (len: 0) from offset: 0x1000",
        "SD CMD8 timeout",
        "\u001b[32mcolour\u001b[0m line",
        "idle task running",
        "wifi status 3 rssi -61",
    ];

    public static DateTimeOffset T0 { get; } = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    public static LogLine Line(int lineNo, string? text = null, long offset = 0)
    {
        text ??= Texts[lineNo % Texts.Length] + " #" + lineNo;
        var raw = Encoding.UTF8.GetBytes(text + "\r\n");
        bool ansi = text.Contains('\u001b');
        string clean = ansi ? text.Replace("\u001b[32m", "").Replace("\u001b[0m", "") : text;
        return new LogLine(lineNo + 99, lineNo, T0.AddMilliseconds(lineNo * 3), clean, raw, LineEnding.CrLf, ansi)
        {
            Offset = offset,
        };
    }

    /// <summary>Lines 1..count with contiguous offsets.</summary>
    public static List<LogLine> Lines(int count, int first = 1) => Stream(count, first).ToList();

    /// <summary>The same lines, made as they are consumed.</summary>
    public static IEnumerable<LogLine> Stream(int count, int first = 1)
    {
        long offset = 0;
        for (int i = first; i < first + count; i++)
        {
            var l = Line(i, offset: offset);
            yield return l;
            offset += l.Raw.Length;
        }
    }

    /// <summary>Every third line yields an event; boot = 1 + line / 1000.</summary>
    public static LogEvent? EventFor(LogLine line)
    {
        if (line.LineNo % 3 != 0) return null;
        int boot = 1 + line.LineNo / 1000;
        return (line.LineNo % 9) switch
        {
            0 => new LogEvent("boot.jump", Severity.Info, line.Seq, line.LineNo, line.Text,
                [EventField.Address("address", 0x10000)]) { Boot = boot, Rule = "bootloader.rules:jump" },
            3 => new LogEvent("fal.partition_table_missing", Severity.Error, line.Seq, line.LineNo, line.Text,
                [EventField.Of("device", "beken_onchip_crc"), EventField.Of("length", 0), EventField.Address("offset", 0x1000)]) { Boot = boot },
            _ => new LogEvent("tuya.log", Severity.Debug, line.Seq, line.LineNo, line.Text,
                [EventField.Of("level", "D"), EventField.Of("module", "mqc_app.c"), EventField.Of("lineNo", 179)]) { Boot = boot },
        };
    }

    public static BootRecord BootFor(int index, int first, int last, int events) =>
        new(index, first, last, "BK7231S_1.0.5", "tuya-sdk", 0x10000, index == 1 ? "poweron" : "watchdog", events);

    /// <summary>Feeds lines, their events and boot updates to a writer the way the pipeline does.</summary>
    public static void Feed(CaptureWriter w, IEnumerable<LogLine> lines)
    {
        int boot = 0, bootFirst = 0, bootEvents = 0;
        foreach (var l in lines)
        {
            w.Add(l);
            int b = 1 + l.LineNo / 1000;
            if (b != boot)
            {
                boot = b;
                bootFirst = l.LineNo;
                bootEvents = 0;
            }
            if (EventFor(l) is { } e)
            {
                w.Add(e);
                bootEvents++;
            }
            if (l.LineNo % 100 == 0 || l.LineNo % 1000 == 999) w.Add(BootFor(boot, bootFirst, l.LineNo, bootEvents));
        }
    }

    public static void AssertSameLine(LogLine expected, LogLine actual)
    {
        Assert.Equal(expected.Seq, actual.Seq);
        Assert.Equal(expected.LineNo, actual.LineNo);
        Assert.Equal(expected.HostTime, actual.HostTime);
        Assert.Equal(expected.Text, actual.Text);
        Assert.Equal(expected.Raw.ToArray(), actual.Raw.ToArray());
        Assert.Equal(expected.Ending, actual.Ending);
        Assert.Equal(expected.HadAnsi, actual.HadAnsi);
        Assert.Equal(expected.Offset, actual.Offset);
    }

    public static void AssertSameEvent(LogEvent expected, LogEvent actual)
    {
        Assert.Equal(expected.Kind, actual.Kind);
        Assert.Equal(expected.Severity, actual.Severity);
        Assert.Equal(expected.Seq, actual.Seq);
        Assert.Equal(expected.LineNo, actual.LineNo);
        Assert.Equal(expected.Text, actual.Text);
        Assert.Equal(expected.Boot, actual.Boot);
        Assert.Equal(expected.Rule, actual.Rule);
        Assert.Equal(expected.Fields, actual.Fields);
    }
}
