using BkConsole.Core.Events;

namespace BkConsole.Logs.Tests.Diagnosis;

/// <summary>
/// Hand-built event streams that mirror the real logs in logs/ (abridged, same order and shape), plus synthetic
/// captures following log-formats.md for the cases no real log shows.
/// </summary>
internal static class Mirrors
{
    private static CaptureBuilder Bk7252Bootloader(CaptureBuilder c, bool verifyFailed = true)
    {
        c.Boot("V(0.1.3)").Lines("CPSR:0x000000D3", "R0:0xBF6E9D34", "R14(LR):0x77F6FF6B")
            .Event("[I/FAL] Fal(V0.4.0)success", "fal.init", EventField.Of("version", "0.4.0"))
            .Event("[I/OTA] RT-Thread OTA package(V0.2.4) initialize success.", "ota.init", EventField.Of("version", "0.2.4"));
        if (verifyFailed) c.Event("[E/OTA] (ota_main:290) App verify failed! Need to recovery factory firmware.", "ota.app_verify_failed");
        return c.Line("").Jump().Line("");
    }

    /// <summary>06: BK7252 bootloader, App verify failed, then RT-Thread starts.</summary>
    public static CaptureBuilder Log06()
    {
        var c = Bk7252Bootloader(new CaptureBuilder());
        return c.Line(" \\ | /").Event("- RT -     Thread Operating System", "rtthread.banner", EventField.Of("version", "3.1.0"))
            .Lines(" / | \\     3.1.0 build Apr  1 2024", " 2006 - 2018 Copyright by rt-thread team", "[FUNC]rwnxl_init", "lwIP-2.0.2 initialized!")
            .Event("[D/FAL] (fal_flash_init:63) Flash device |             beken_onchip | addr: 0x00000000 | len: 0x00400000 | blk_size: 0x00001000 |initialized finish.",
                "fal.flash_device", EventField.Of("name", "beken_onchip"));
    }

    /// <summary>22: the same bootloader messages on a BK7231M, capture ends at "App verify failed".</summary>
    public static CaptureBuilder Log22() =>
        new CaptureBuilder().Boot("BK7231n_1.0.11").Lines("REG:cpsr spsr r13 r14", "SVC:0x000000D3 0x00401C1C 0x000033AC")
            .Event("ST:0x00000000", "boot.start_type", EventField.Of("value", "0x00000000"))
            .Event("[I/FAL] Fal(V0.4.0)success", "fal.init")
            .Event("[I/OTA] RT-Thread OTA package(V0.2.4) initialize success.", "ota.init")
            .Event("[E/OTA] (ota_main:171) App verify failed! Need to recovery factory firmware.", "ota.app_verify_failed");

    /// <summary>11: T1 bootloader, blank ping-pong blocks, jump, then nothing.</summary>
    public static CaptureBuilder Log11() =>
        new CaptureBuilder().Boot("V: T1_2.0.0").Lines("REG:cpsr     spsr     r13      r14", "", "SVC:000000d3 00000010 00401c1c 000033a0 ")
            .Event("ST:00000000", "boot.start_type")
            .Lines("__read_manage_block: mag->blockid=255, id=0, mag->state=255.")
            .Event("_judge_ota_info checkerr0:1, checkerr1:1", "boot.pingpong_invalid")
            .Line("init err -5")
            .Jump(text: "jump to:0x10000");

    /// <summary>23: BK7238 bootloader, FAL and OTA init succeed, then nothing (no jump printed).</summary>
    public static CaptureBuilder Log23() =>
        new CaptureBuilder().Boot("BK7238_1.0.14").Lines("REG:cpsr        spsr        r13         r14", "SVC:0x000000D3              0x00401C1C  0x000033A0")
            .Event("ST:0x00000000", "boot.start_type")
            .Event("[32;22m[I/FAL] Fal(V0.4.0)success[0m", "fal.init")
            .Event("[36;22m[I/OTA] RT-Thread OTA package(V0.2.8-beken-1133282d-20220604) initialize success.[0m", "ota.init");

    /// <summary>18: healthy BK7231N boot, vendor FreeRTOS app.</summary>
    public static CaptureBuilder Log18() =>
        new CaptureBuilder().Boot("BK7231n_1.0.8").Lines("CPSR:0x000000D3", "R14(LR):0x000033AC")
            .Event("ST:0x00000000", "boot.start_type")
            .Event("[I/FAL] Fal(V0.4.0)success", "fal.init")
            .Event("[I/OTA] RT-Thread OTA package(V0.2.4) initialize success.", "ota.init")
            .Line("").Jump()
            .Lines("prvHeapInit-start addr:0x412210, size:122352")
            .Event("[Flash]id:0xeb6015", "sdk.flash_id", EventField.Of("id", "0xeb6015"))
            .Line("[Flash]init over")
            .Event("SDK Rev: 3.0.46_20220921_d9dce354c70f", "sdk.rev")
            .Event("OSK Rev: F-3.0.28", "sdk.osk_rev")
            .Line("...");

    /// <summary>16: stock BK7238 app, reset in the middle of "[THD]wp", bootloader follows.</summary>
    public static CaptureBuilder Log16() =>
        new CaptureBuilder().Jump().Line("[garbled output]start addr:0x4114d0, size:191280")
            .Event("SDK Rev: 3.0.70 d414331", "sdk.rev")
            .Event("start_type:0", "sdk.start_type", EventField.Of("code", 0), EventField.Of("reason", "poweron"))
            .Lines("Initializing TCP/IP stack", "tcp_port:60670")
            .Boot("[THD]wp\uFFFDBK7238_1.0.14", midLine: true, fields: EventField.Of("version", "BK7238_1.0.14"))
            .Lines("REG:cpsr        spsr        r13         r14")
            .Event("ST:0x00000000", "boot.start_type")
            .Event("[I/FAL] Fal(V0.4.0)success", "fal.init")
            .Event("                          [I/OTA] RT-Thread OTA package(V0.2.8-beken-1133282d-20220604) initialize success.", "ota.init");

    /// <summary>03: RT-Thread camera app; after "vbat 4249" a new banner with no reset message.</summary>
    public static CaptureBuilder Log03()
    {
        var c = new CaptureBuilder().Line(" \\ | /").Event("- RT -     Thread Operating System", "rtthread.banner")
            .Event("SD File System initialzation failed!", "sd.absent");
        for (int i = 0; i < 20; i++) c.Line($"vbat {4250 + i}");
        c.Line("vbat 4249").Line("\0\0");
        c.Boot(" \\ | /", "rtthread.banner").Line("- RT -     Thread Operating System").Event("SD Card initialzation failed!-->ret=-1:0", "sd.absent");
        return c;
    }

    /// <summary>01: deep sleep, then the app boots again — an explained restart.</summary>
    public static CaptureBuilder Log01() =>
        new CaptureBuilder().Line(" \\ | /").Event("- RT -     Thread Operating System", "rtthread.banner")
            .Event("SD File System initialzation failed!", "sd.absent")
            .Lines("[IpcShutdownDST][ 691]dst_param : 0x20 0x20 0x0 0x0 0 5")
            .Event("---enter deep sleep :wake up with gpio 0~31 ps: 0x20 0x20 \0\0\0", "power.deep_sleep", EventField.Of("wake", "gpio"))
            .Boot(" \\ | /", "rtthread.banner").Line("- RT -     Thread Operating System")
            .Event("SD Card initialzation failed!-->ret=-1:0", "sd.absent");

    /// <summary>09: newer-SDK SD fragment.</summary>
    public static CaptureBuilder Log09() =>
        new CaptureBuilder().Event("W sd_card: CMD8 SEND_IF_COND err:-3902", "sd.cmd_timeout", EventField.Of("command", "CMD8"))
            .Line("W sd_card: CMD55 APP_CMD err:-3902")
            .Event("[E] tf_record.c: SD File System initialzation failed!", "sd.absent")
            .Line("[E] tf_record.c: statfs failed for path->[/sd]");

    /// <summary>05 (part): SD card present: CMD noise but the card is ready — not "absent".</summary>
    public static CaptureBuilder SdPresent() =>
        Bk7252Bootloader(new CaptureBuilder()).Event("- RT -     Thread Operating System", "rtthread.banner")
            .Event("cmd8 noresp, voltage mismatch or Ver1.X SD or not SD", "sd.cmd_timeout", EventField.Of("command", "CMD8"))
            .Event("sdcard initialize is done", "sd.ready");

    /// <summary>32: FC41D boot, then an undefined instruction trap with registers and shutdown.</summary>
    public static CaptureBuilder Log32() =>
        new CaptureBuilder().Line("=~=~=~=~=~=~=~=~=~=~=~= MobaXterm log 2024.07.23 15:34:18 =~=~=~=~=~=~=~=~=~=~=~=")
            .Boot("BK7231n_1.0.8").Line("[2024-07-23 15:34:18]  CPSR:0x000000D3")
            .Event("[2024-07-23 15:34:18]  [I/FAL] Fal(V0.4.0)success", "fal.init")
            .Event("[2024-07-23 15:34:18]  [I/OTA] RT-Thread OTA package(V0.2.4) initialize success.", "ota.init")
            .Jump(text: "[2024-07-23 15:34:18]  go os_addr(0x10000)..........")
            .Lines("[2024-07-23 15:34:18]  j", "[2024-07-23 15:34:18]  prvHeapInit-start addr:0x40aa90, size:152944")
            .Event("[2024-07-23 15:34:18]  [Flash]id:0xeb6015", "sdk.flash_id")
            .Lines("[2024-07-23 15:34:25]  # dum", "[2024-07-23 15:34:28]  p_test")
            .Event("[2024-07-23 15:34:31]  undefined instruction", "crash.exception", EventField.Of("type", "undefined_instruction"))
            .Line("[2024-07-23 15:34:31]  Current regs:")
            .Lines("[2024-07-23 15:34:31]  r00:0x004157d0 r01:0x00000800 r02:0x00000001 r03:0x004157d0")
            .Event("[2024-07-23 15:34:31]  sp :0x004014f0 lr :0x000102c4 pc :0x000102c4", "crash.registers",
                EventField.Address("pc", 0x102c4), EventField.Address("lr", 0x102c4), EventField.Address("sp", 0x4014f0), EventField.Address("cpsr", 0x9b))
            .Line("[2024-07-23 15:34:31]  separate regs:")
            .Event("[2024-07-23 15:34:31]  shutdown...", "crash.shutdown");

    /// <summary>29: ESPHome on a BK7231M resets while Wi-Fi starts; the firmware counts 2 then 3 failed boots.</summary>
    public static CaptureBuilder Log29() =>
        new CaptureBuilder()
            .Boot("I [      0.000] LibreTiny v1.4.1 on generic-bk7231n-qfn32-tuya, compiled at Mar  8 2024 21:48:43, GCC 10.3.1 (-O1)", "app.libretiny")
            .Lines("[I][logger:399]: Log initialized", "[C][ota:473]: There have been 2 suspected unsuccessful boot attempts.",
                "[I][app:029]: Running through setup()...", "[C][wifi:038]: Setting up WiFi...", "[C][wifi:051]: Starting WiFi...",
                "[C][wifi:052]:   Local聽MAC: C8:47:8C:42:00:48")
            .Boot("€I [      0.000] LibreTiny v1.4.1 on generic-bk7231n-qfn32-tuya, compiled at Mar  8 2024 21:48:43, GCC 10.3.1 (-O1)", "app.libretiny", midLine: true)
            .Lines("[I][logger:399]: Log initialized", "[C][ota:473]: There have been 3 suspected unsuccessful boot attempts.",
                "[I][app:029]: Running through setup()...", "[C][wifi:038]: Setting up WiFi...");

    /// <summary>31: ESPHome Wi-Fi retries, then the bootloader banner with no reset message.</summary>
    public static CaptureBuilder Log31() =>
        new CaptureBuilder()
            .Lines("[22:01:27][W][wifi_lt:514]: Disconnected ssid='' reason='Probe Request Unsuccessful'",
                "[22:01:58][D][wifi:1882]: Retry phase: RETRY_HIDDEN → RESTARTING",
                "[22:02:05][W][wifi_lt:514]: Disconnected ssid='' reason='Probe Request Unsuccessful'")
            .Boot("[22:02:20]V:BK7231N_1.0.1", fields: EventField.Of("version", "BK7231N_1.0.1"))
            .Lines("[22:02:20]REG:cpsr     spsr     r13      r14", "[22:02:20]SVC:000000D3          00401C1C 000033AC");

    /// <summary>25: OpenBeken start-up that stops at Main_Init_Before_Delay.</summary>
    public static CaptureBuilder Log25() =>
        new CaptureBuilder().Boot("V:BK7231N_1.0.1").Lines("REG:cpsr spsr r13 r14")
            .Event("ST: 00000000", "boot.start_type").Jump(text: "J 0x10000")
            .Lines("bk_misc_init_start_type 0 0", "prvHeapInit-start addr:0x414138, size:114376")
            .Event("[Flash]id:0xeb6015", "sdk.flash_id")
            .Lines("Entering initLog(). ..", "Commands registered!", "initLog() done!")
            .Event("Info:MAIN:Main_Init_Before_Delay", "openbk.init_stage", EventField.Of("stage", "Main_Init_Before_Delay"))
            .Line("");

    /// <summary>28: OpenBeken runtime, Wi-Fi authentication fails.</summary>
    public static CaptureBuilder Log28() =>
        new CaptureBuilder().Event("fo:MAIN:Main_OnWiFiStatusChange - WIFI_STA_CONNECTING", "wifi.connecting").Line("")
            .Event("Info:MAIN:Time 9, free 92104, MQTT 0, bWifi 0, secondsWithNoPing 0, socks 2/38", "openbk.stats").Line("")
            .Event("Info:MQTT:Connect error in mqtt_client_connect - code: -4", "mqtt.error", EventField.Of("code", -4)).Line("")
            .Event("Info:MAIN:wl_status 9", "openbk.stats").Line("")
            .Event("Info:MAIN:Main_OnWiFiStatusChange - WIFI_STA_AUTH_FAILED", "wifi.auth_failed");

    /// <summary>Synthetic (sim "ota-fal-missing"): after an OTA download the BK7252 bootloader finds no FAL table.</summary>
    public static CaptureBuilder OtaFalMissing()
    {
        var c = Bk7252Bootloader(new CaptureBuilder(), verifyFailed: false)
            .Event("- RT -     Thread Operating System", "rtthread.banner")
            .Event("[I/FAL] | app        | beken_onchip_crc | 0x00010000 | 0x00110000 |", "fal.partition",
                EventField.Of("name", "app"), EventField.Of("device", "beken_onchip_crc"), EventField.Address("offset", 0x10000), EventField.Address("length", 0x110000))
            .Event("[I/FAL] | download   | beken_onchip     | 0x002ec000 | 0x00112000 |", "fal.partition",
                EventField.Of("name", "download"), EventField.Of("device", "beken_onchip"), EventField.Address("offset", 0x2ec000), EventField.Address("length", 0x112000))
            .Event("[I/OTA] OTA Write: [==========] 100%", "ota.progress", EventField.Of("percent", 100))
            .Event("bk_reboot", "reset.reboot");
        c.Boot("V(0.1.3)").Line("CPSR:0x000000D3")
            .Event("[E/FAL] (fal_partition_init:219) Partition table NOT found on flash: beken_onchip_crc (len: 24) from offset: 0x0000d55c.",
                "fal.partition_table_missing", EventField.Of("device", "beken_onchip_crc"), EventField.Of("length", 24), EventField.Address("offset", 0xd55c))
            .Line("").Jump()
            .Event("- RT -     Thread Operating System", "rtthread.banner")
            .Lines("[FUNC]rwnxl_init", "lwIP-2.0.2 initialized!");
        return c;
    }

    /// <summary>Synthetic (sim "boot-loop"): three short boots, each reset silently at the same line.</summary>
    public static CaptureBuilder BootLoop(int boots = 4)
    {
        var c = new CaptureBuilder();
        var t0 = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        for (int i = 0; i < boots; i++)
        {
            c.At(t0.AddSeconds(3 * i));
            c.Boot("V:BK7231N_1.0.1").Event("ST:00000000", "boot.start_type").Jump(text: "J 0x10000")
                .Event("SDK Rev: 3.0.70", "sdk.rev")
                .Event("start_type:0", "sdk.start_type", EventField.Of("code", 0), EventField.Of("reason", "poweron"))
                .Line("[THD]wifi_init:[tcb]415258 [stack]414650-415250:3072:2")
                .Line("hapd_intf_add_vif,type:2, s:0, id:0");
        }
        return c;
    }

    /// <summary>Synthetic (sim "crash"): every boot ends in a data abort.</summary>
    public static CaptureBuilder CrashLoop(int boots = 3)
    {
        var c = new CaptureBuilder();
        for (int i = 0; i < boots; i++)
        {
            c.Boot("V:BK7231N_1.0.1").Jump(text: "J 0x10000").Event("SDK Rev: 3.0.70", "sdk.rev")
                .Event(i == 0 ? "start_type:0" : "start_type:8", "sdk.start_type", EventField.Of("code", i == 0 ? 0 : 8),
                    EventField.Of("reason", i == 0 ? "poweron" : "crash_data_abort"))
                .Event("data abort", "crash.exception", EventField.Of("type", "data_abort"))
                .Line("Current regs:")
                .Event("sp :0x004014f0 lr :0x0003c857 pc :0x0003c860", "crash.registers",
                    EventField.Address("pc", 0x3c860), EventField.Address("lr", 0x3c857), EventField.Address("sp", 0x4014f0))
                .Event("shutdown...", "crash.shutdown");
        }
        return c;
    }

    /// <summary>Synthetic (sim "wrong-baud"): the app log read at the wrong speed.</summary>
    public static CaptureBuilder WrongBaud()
    {
        var c = new CaptureBuilder();
        var rnd = new Random(7);
        for (int i = 0; i < 30; i++)
        {
            var chars = new char[40];
            for (int k = 0; k < chars.Length; k++)
                chars[k] = rnd.Next(4) switch { 0 => '\uFFFD', 1 => (char)rnd.Next(1, 31), 2 => (char)rnd.Next(0x80, 0x9F), _ => (char)rnd.Next(33, 126) };
            c.Line(new string(chars));
        }
        return c;
    }

    /// <summary>Synthetic: a watchdog reset reported by the SDK, then a boot that says start_type watchdog.</summary>
    public static CaptureBuilder Watchdog() =>
        new CaptureBuilder().Boot("V:BK7231N_1.0.1").Jump(text: "J 0x10000").Event("SDK Rev: 3.0.70", "sdk.rev")
            .Line("[THD]app:[tcb]4127b0").Event("task watchdog tiggered", "reset.watchdog", EventField.Of("kind", "task watchdog tiggered"))
            .Boot("V:BK7231N_1.0.1").Jump(text: "J 0x10000")
            .Event("start_type:2", "sdk.start_type", EventField.Of("code", 2), EventField.Of("reason", "watchdog"))
            .Line("Initializing TCP/IP stack");

    /// <summary>Synthetic: a deliberate reboot (bk_reboot then wdt reboot) — not a fault.</summary>
    public static CaptureBuilder RequestedReboot() =>
        new CaptureBuilder().Boot("V:BK7231N_1.0.1").Jump(text: "J 0x10000").Event("SDK Rev: 3.0.70", "sdk.rev")
            .Event("bk_reboot", "reset.reboot", EventField.Of("reason", "bk_reboot"))
            .Event("wdt reboot", "reset.watchdog", EventField.Of("kind", "wdt reboot"))
            .Boot("V:BK7231N_1.0.1").Jump(text: "J 0x10000")
            .Event("start_type:1", "sdk.start_type", EventField.Of("code", 1), EventField.Of("reason", "reboot"))
            .Line("Initializing TCP/IP stack");

    /// <summary>Synthetic: OpenBeken safe mode and the OTA stage missing its download partition.</summary>
    public static CaptureBuilder SafeModeAndNoDownload() =>
        new CaptureBuilder().Boot("BK7231n_1.0.11")
            .Event("[E/OTA] (ota_main:120) Not found download partition, error -1", "ota.download_partition_missing", EventField.Of("partition", "download"))
            .Jump()
            .Event("Info:MAIN:###### safe mode activated - boot failures 5", "openbk.safe_mode", EventField.Of("failures", 5))
            .Line("Info:MAIN:Time 1, free 92104, MQTT 0, bWifi 0");
}
