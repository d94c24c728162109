using BkConsole.Core.Errors;
using static BkConsole.Simulator.Scenarios.FirmwareLogs;

namespace BkConsole.Simulator.Scenarios;

/// <summary>The scenarios `bkconsole sim --scenario` knows. Every boot starts with the download window.</summary>
public static class ScenarioCatalog
{
    private const string AppPrompt = "msh />";

    public static IReadOnlyList<IScenario> All { get; } =
    [
        new BuiltInScenario("normal", "bootloader, app start (FAL, SDK, no SD card, Wi-Fi join, Tuya), then periodic lines", Normal),
        new BuiltInScenario("ota-fal-missing", "OTA download in the app, reboot, bootloader cannot find the FAL partition table, jumps to 0x10000, old app boots again", OtaFalMissing),
        new BuiltInScenario("boot-loop", "the app dies early (task watchdog or crash) and the chip resets, forever", BootLoop),
        new BuiltInScenario("crash", "normal boot, then an undefined-instruction exception dump and a watchdog reset", Crash),
        new BuiltInScenario("brownout", "power sags: the chip resets mid-line with no reset message, the bootloader banner glued to the cut line", Brownout),
        new BuiltInScenario("bootloader-only", "the bootloader runs but the app never starts (erased or corrupt app)", BootloaderOnly),
        new BuiltInScenario("wrong-baud", "the app logs at another rate than the bootloader (921600, or 115200 when --log-baud differs): garbage at the host's rate", WrongBaud),
        new BuiltInScenario("flood", "after boot, numbered log lines of the firmwares' shapes back to back at --log-baud with no gaps (throughput and loss tests)", Flood),
    ];

    public static IEnumerable<string> Names => All.Select(s => s.Name);

    public static IScenario Get(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new UsageException($"unknown scenario '{name}'", $"choose one of: {string.Join(", ", Names)}");

    private static IEnumerable<LogStep> Window()
    {
        yield return new DownloadWindow();
    }

    private static IEnumerable<LogStep> JumpToApp(BootContext c, int appBaud)
    {
        if (appBaud != 115200) yield return new LogRate(appBaud);
    }

    private static IEnumerable<LogStep> Normal(BootContext c) =>
        Window().Concat(BootCode(c)).Concat(JumpToApp(c, c.LogBaud)).Concat(AppStart(c, "Sep  8 2023"))
            .Append(new AppRunning(AppPrompt)).Concat(Periodic(c));

    private static IEnumerable<LogStep> OtaFalMissing(BootContext c)
    {
        foreach (var s in Window()) yield return s;
        bool afterOta = c.State.OtaPending;
        c.State.OtaPending = false;
        foreach (var s in BootCode(c, falMissing: afterOta)) yield return s;
        foreach (var s in JumpToApp(c, c.LogBaud)) yield return s;
        // The same (old) app build date before and after: the update was never applied.
        foreach (var s in AppStart(c, "Mar 14 2023")) yield return s;
        yield return new AppRunning(AppPrompt);
        if (afterOta || c.BootNumber > 2)
        {
            foreach (var s in Periodic(c)) yield return s;
            yield break;
        }
        yield return Delay.Ms(800);
        int size = 1_703_936;
        yield return new Emit($"[01-01 00:00:06 TUYA Notice][tuya_ipc_ota.c:211] ota start, new version:2.1.7, file size:{size}\r\n");
        yield return new Emit(LogText.Cyan + "[I/OTA] start download, partition 'download' erase ok" + LogText.Reset + "\r\n");
        for (int pct = 10; pct <= 100; pct += 10)
        {
            yield return Delay.Ms(250 + c.Random.Next(150));
            yield return new Emit($"[01-01 00:00:{6 + pct / 10:00} TUYA Debug][tuya_ipc_ota.c:265] ota download progress:{pct}% ({(long)size * pct / 100}/{size})\r\n");
        }
        yield return new Emit("[01-01 00:00:17 TUYA Notice][tuya_ipc_ota.c:301] ota download finish, crc ok, reboot to upgrade\r\n");
        yield return Delay.Ms(200);
        yield return new Emit("bk_reboot\r\nwdt reboot\r\n\0\0\0\0\0\0\0\0\0\0\0\0");
        c.State.OtaPending = true;
        yield return Delay.Ms(30);
        yield return new ChipReset(ResetCause.Reboot);
    }

    private static IEnumerable<LogStep> BootLoop(BootContext c)
    {
        foreach (var s in Window().Concat(BootCode(c)).Concat(JumpToApp(c, c.LogBaud))) yield return s;
        foreach (var s in AppStart(c, "Sep  8 2023").Take(14)) yield return s;
        yield return Delay.Ms(400 + c.Random.Next(600));
        if (c.BootNumber % 2 == 0)
        {
            yield return new Emit("task watchdog tiggered\r\n");
            yield return new ChipReset(ResetCause.Watchdog);
        }
        else
        {
            yield return new Emit(CrashDump(c.Random, "undefined instruction"));
            yield return Delay.Ms(50);
            yield return new ChipReset(ResetCause.CrashUndefined);
        }
    }

    private static IEnumerable<LogStep> Crash(BootContext c)
    {
        foreach (var s in Window().Concat(BootCode(c)).Concat(JumpToApp(c, c.LogBaud)).Concat(AppStart(c, "Sep  8 2023"))) yield return s;
        yield return new AppRunning(AppPrompt);
        if (c.Cause == ResetCause.CrashUndefined)
        {
            foreach (var s in Periodic(c)) yield return s;
            yield break;
        }
        foreach (var s in Periodic(c).Take(6)) yield return s;
        yield return new Emit(CrashDump(c.Random, "undefined instruction"));
        yield return Delay.Ms(100);
        yield return new ChipReset(ResetCause.CrashUndefined);
    }

    private static IEnumerable<LogStep> Brownout(BootContext c)
    {
        foreach (var s in Window().Concat(BootCode(c, glued: c.Cause == ResetCause.Brownout)).Concat(JumpToApp(c, c.LogBaud)).Concat(AppStart(c, "Sep  8 2023")))
            yield return s;
        yield return new AppRunning(AppPrompt);
        foreach (var s in Periodic(c).Take(4 + c.Random.Next(6))) yield return s;
        yield return new Emit("[01-01 00:00:21 TUYA Debug][tuya_ipc_video.c:188] stream start, bitrate:");
        yield return new Emit("\0\0\0\0\0\0\0\0");
        yield return new ChipReset(ResetCause.Brownout);
    }

    private static IEnumerable<LogStep> BootloaderOnly(BootContext c)
    {
        foreach (var s in Window().Concat(BootCode(c))) yield return s;
        // The jump lands in an erased app: silence.
    }

    private static IEnumerable<LogStep> WrongBaud(BootContext c)
    {
        int appBaud = c.LogBaud == 115200 ? 921600 : c.LogBaud;
        return Window().Concat(BootCode(c)).Concat(JumpToApp(c, appBaud)).Concat(AppStart(c, "Sep  8 2023"))
            .Append(new AppRunning(AppPrompt)).Concat(Periodic(c));
    }

    private static IEnumerable<LogStep> Flood(BootContext c)
    {
        foreach (var s in Window().Concat(BootCode(c)).Concat(JumpToApp(c, c.LogBaud))) yield return s;
        yield return new Emit(LogText.RtThreadBanner("Sep  8 2023", "\r\n"));
        yield return new AppRunning(AppPrompt);
        for (long seq = 1; ; seq++)
            yield return new Emit($"{FloodPrefixes[seq % FloodPrefixes.Length]}seq={seq:D8} payload=0123456789abcdefghijklmnopqrstuvwxyz\r\n");
    }

    /// <summary>
    /// What each flood line starts with, in turn: the firmware families' own line shapes, of different lengths, so the
    /// screen and the classifier see varied text (consecutive lines share little), as in a real busy log.
    /// </summary>
    private static readonly string[] FloodPrefixes =
    [
        "[01-01 00:00:00 TUYA Debug][flood.c:42] ",
        "[I/FAL] ",
        "Info:MAIN:Time 1234, idle 0/s, free 81234, MQTT 1(2), bWifi 1, secondsWithNoPing 0, socks 2/38 ",
        "[D][wifi:123]: ",
        "[sa_sta]MM_RESET_REQ ",
        "[IpcSysInit][3775]gStartType=1,gDcOrBattery=0 ",
        "W sd_card: CMD8 SEND_IF_COND err:-3902 ",
        "[01-01 00:00:01 TUYA Notice][tuya_ipc_sdk_start.c:188] device id:6c2540c33f7ed2 ",
        "lwip: ",
        "[THD]app:[tcb]41ff1b70 [stack]41ff2b98-41ff3b98:4096:2 ",
        "Error:MQTT:mqtt_connection_cb: Disconnected, reason: 256(MQTT_CONNECT_DISCONNECTED) ",
    ];
}
