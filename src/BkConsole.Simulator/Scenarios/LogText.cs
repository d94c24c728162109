using System.Globalization;

namespace BkConsole.Simulator.Scenarios;

/// <summary>Building blocks of realistic Beken log text (log-formats.md), with seeded varying values.</summary>
internal static class LogText
{
    public const string Esc = "\u001b";
    public const string Green = Esc + "[32;22m";
    public const string Cyan = Esc + "[36;22m";
    public const string Red = Esc + "[31;22m";
    public const string Reset = Esc + "[0m";

    /// <summary>BK7252 IPC app output passes through RT-Thread's \n→\r\n console: most lines end in CR CR LF.</summary>
    public const string Crcrlf = "\r\r\n";
    public const string Crlf = "\r\n";

    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    public static string Hex8(uint v) => v.ToString("X8", CultureInfo.InvariantCulture);

    public static string Hex8(Random r) => Hex8((uint)r.NextInt64(0, 1L << 32));

    /// <summary>__DATE__ style: single-digit days are space padded ("Sep  8 2023").</summary>
    public static string BuildDate(Random r) => $"{Months[r.Next(12)]} {r.Next(1, 29),2} {2021 + r.Next(4)}";

    /// <summary>rt_show_version() with the vendor's trailing space after "team".</summary>
    public static string RtThreadBanner(string date, string eol) =>
        eol + " \\ | /" + eol + "- RT -     Thread Operating System" + eol + " / | \\     3.1.0 build " + date + eol +
        " 2006 - 2018 Copyright by rt-thread team " + eol;

    public static string FalInfo(string text, string eol) => Green + "[I/FAL] " + text + Reset + eol;

    /// <summary>BK7252 "V(0.1.3)" bootloader: uninitialised (random) register values.</summary>
    public static IEnumerable<LogStep> Bk7252Bootloader(Random r, bool falMissing, bool appVerifyFailed)
    {
        var s = new System.Text.StringBuilder();
        s.Append("\0\r\nV(0.1.3)\r\nCPSR:0x000000D3\r\n");
        for (int i = 0; i <= 12; i++) s.Append($"R{i}:0x{Hex8(r)}\r\n");
        s.Append($"R13:0x{Hex8(r)}\r\nR14(LR):0x{Hex8(r)}\r\n");
        yield return new Emit(s.ToString());
        yield return Delay.Ms(3);
        if (falMissing)
        {
            uint offset = 0x0000D55C + (uint)r.Next(0, 0x80) * 4;
            yield return new Emit(Red + $"[E/FAL] (fal_partition_init:219) Partition table NOT found on flash: beken_onchip_crc (len: 24) from offset: 0x{offset:x8}." + Reset + "\r\n");
            yield return new Emit(Red + "[E/FAL] (fal_init:60) Initialize failed! Don't found the partition table." + Reset + "\r\n");
            yield return new Emit(Red + "[E/OTA] (rt_ota_init:116) Initialize failed! The FAL component initialize failed." + Reset + "\r\n");
        }
        else
        {
            yield return new Emit(Green + "[I/FAL] Fal(V0.4.0)success" + Reset + "\r\n");
            yield return new Emit(Cyan + "[I/OTA] RT-Thread OTA package(V0.2.4) initialize success." + Reset + "\r\n");
            if (appVerifyFailed)
                yield return new Emit(Red + "[E/OTA] (ota_main:290) App verify failed! Need to recovery factory firmware." + Reset + "\r\n");
        }
        yield return Delay.Ms(20);
        yield return new Emit("\r\n\r\ngo os_addr(0x10000)..........\r\n");
    }

    public static string FalTable4M(string eol)
    {
        var rows = new[]
        {
            "==================== FAL partition table ====================",
            "| name       | flash_dev        |   offset   |    length  |",
            "-------------------------------------------------------------",
            "| bootloader | beken_onchip_crc | 0x00000000 | 0x0000f000 |",
            "| app        | beken_onchip_crc | 0x00010000 | 0x001a0000 |",
            "| filesystem | beken_onchip     | 0x001cb000 | 0x00119000 |",
            "| download   | beken_onchip     | 0x002ec000 | 0x00112000 |",
            "| param1     | beken_onchip     | 0x003fe000 | 0x00001000 |",
            "| param2     | beken_onchip     | 0x003ff000 | 0x00001000 |",
            "=============================================================",
        };
        return string.Concat(rows.Select(row => FalInfo(row, eol)));
    }
}
