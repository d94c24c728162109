using System.Text;
using BkConsole.Simulator.Device;
using static BkConsole.Simulator.Scenarios.LogText;

namespace BkConsole.Simulator.Scenarios;

/// <summary>
/// The boot-code and firmware output of each chip family, as script steps. Formats come from log-formats.md and
/// the real captures; values vary with the seed; tasks interleave mid-line as on real devices.
/// </summary>
internal static class FirmwareLogs
{
    public static IEnumerable<LogStep> BootCode(BootContext c, bool falMissing = false, bool glued = false, bool appVerifyFailed = true)
    {
        var r = c.Random;
        switch (c.Traits.BootStyle)
        {
            case BootLogStyle.Bk7252RtThread:
                foreach (var s in Bk7252Bootloader(r, falMissing, appVerifyFailed))
                    yield return glued && s is Emit e && e.Text.StartsWith('\0') ? new Emit("\u00fe" + e.Text[3..]) : s;
                yield break;
            case BootLogStyle.Bk7231TTuya:
            {
                var b = new StringBuilder(glued ? "" : "\r\n");
                b.Append($"V:{c.Chip.BootloaderVersion}\r\nCPSR:000000D3\r\n");
                for (int i = 0; i <= 4; i++) b.Append($"R{i}:{Hex8(r)}\r\n");
                b.Append($"R13:{Hex8(r)}\r\nR14(LR):{Hex8(r)}\r\nST:{Hex8(r)}\r\n");
                yield return new Emit(b.ToString());
                if (falMissing) yield return new Emit(Red + "[E/FAL] (fal_partition_init:219) Partition table NOT found on flash: beken_onchip_crc (len: 24) from offset: 0x0000d55c." + Reset + "\r\n");
                yield return new Emit("J 0x10000\r\n");
                yield break;
            }
            case BootLogStyle.Bk7231NTuya:
            {
                string t = glued ? "" : "\r\n";
                yield return new Emit(t + $"V:{c.Chip.BootloaderVersion}\r\nREG:cpsr     spsr     r13      r14\r\n" +
                    "SVC:000000D3          00401C1C 000033AC\r\n" +
                    $"IRQ:000000d2 00000010 00401e0c {Hex8(r).ToLowerInvariant()}\r\n" +
                    $"FIR:000000d1 00000010 00401ffc {Hex8(r).ToLowerInvariant()}\r\n" +
                    "SYS:000000df          0040192c 00000158\r\nST:00000000\r\n");
                if (falMissing) yield return new Emit(Red + "[E/FAL] (fal_partition_init:219) Partition table NOT found on flash: beken_onchip_crc (len: 24) from offset: 0x0000d55c." + Reset + "\r\n");
                yield return new Emit("J 0x10000\r\n");
                yield break;
            }
            default:
            {
                string t = glued ? "" : "\r\n";
                yield return new Emit(t + $"{c.Chip.BootloaderVersion}\r\nREG:cpsr        spsr        r13         r14\r\n" +
                    "SVC:0x000000D3              0x00401C1C  0x000033A0\r\n" +
                    $"IRQ:0x000000D2  0x00000010  0x00401E0C  0x{Hex8(r)}  \r\n" +
                    $"FIR:0x000000D1  0x00000010  0x00401FFC  0x{Hex8(r)}  \r\n" +
                    "SYS:0x000000DF              0x0040192C  0x00000158  \r\nST:0x00000000\r\n");
                if (falMissing)
                    yield return new Emit(Red + "[E/FAL] (fal_partition_init:219) Partition table NOT found on flash: beken_onchip_crc (len: 24) from offset: 0x0000d55c." + Reset + "\r\n");
                else
                {
                    yield return new Emit(Green + "[I/FAL] Fal(V0.4.0)success" + Reset + "\r\n");
                    yield return new Emit(Cyan + "[I/OTA] RT-Thread OTA package(V0.2.8-beken-1133282d-20220604) initialize success." + Reset + "\r\n");
                }
                yield return new Emit("go os_addr(0x10000)..........\r\n");
                yield break;
            }
        }
    }

    /// <summary>start_type value the SDK prints for a reset cause.</summary>
    public static int StartType(ResetCause cause) => cause switch
    {
        ResetCause.PowerOn or ResetCause.Brownout or ResetCause.CenPulse => 0,
        ResetCause.Reboot => 1,
        ResetCause.Watchdog => 2,
        _ => (int)cause,
    };

    /// <summary>The app's start-up up to a running system (RT-Thread doorbell on BK7252, FreeRTOS/TuyaOS otherwise).</summary>
    public static IEnumerable<LogStep> AppStart(BootContext c, string buildDate)
    {
        if (c.Traits.BootStyle == BootLogStyle.Bk7252RtThread) return DoorbellStart(c, buildDate);
        return TuyaOsStart(c);
    }

    private static IEnumerable<LogStep> DoorbellStart(BootContext c, string buildDate)
    {
        var r = c.Random;
        string n = Crcrlf;
        yield return new Emit(RtThreadBanner(buildDate, Crlf));
        yield return new Emit("\r\nOSK Rev: R-3.0.22\r\nSDK Rev: 3.0.33" + n);
        yield return new Emit($"{4680 + r.Next(10)} mac:C8 47 8C {r.Next(256):X2} {r.Next(256):X2} {r.Next(256):X2} " + Crlf);
        yield return new Emit("[FUNC]rwnxl_init" + n + "IP Rev: W4-3.0.33-P0" + n + "[bk]tx_txdesc_flush" + n + "[FUNC]calibration_main" + n + n);
        yield return Delay.Ms(15);
        yield return new Emit("rfcali_mode:0" + n + n + $"tssi:b-{120 + r.Next(30)}, g-{110 + r.Next(20)}" + n);
        for (int i = 0; i < 3; i++) yield return new Emit("Manual cal wrong rate:127" + n);
        int xtal = 20 + r.Next(12);
        yield return new Emit($"lpf_i & q in flash is:128, 128{n}xtal in flash is:{xtal}{n}xtal_cali:{xtal}{n}[FUNC]ps_init{n}[FUNC]CFG_USE_USB_CHARGE=0,CFG_SOC_NAME=3{n}[FUNC]func_init_extended OVER!!!{n}{n}");
        yield return new Emit($"start_type:{StartType(c.Cause)}" + n);
        yield return Delay.Ms(30);
        yield return new Emit("lwIP-2.0.2 initialized!\r\nbeken wlan hw init" + n + "drv_pm_init\r\n");
        yield return new Emit("[D/FAL] (fal_flash_init:63) Flash device |             beken_onchip | addr: 0x00000000 | len: 0x00400000 | blk_size: 0x00001000 |initialized finish.\r\n");
        yield return new Emit("[D/FAL] (fal_flash_init:63) Flash device |         beken_onchip_crc | addr: 0x00000000 | len: 0x00400000 | blk_size: 0x00001000 |initialized finish.\r\n");
        yield return new Emit("[D/FAL] (fal_partition_init:176) Find the partition table on 'beken_onchip_crc' offset @0x0000d55c.\r\n");
        yield return new Emit(FalTable4M(Crlf));
        yield return new Emit(FalInfo("RT-Thread Flash Abstraction Layer (V0.4.0) initialize success.", Crlf));
        // The shell prompt appears while the SD task is still probing: "msh />cmd 1:3 " on one line.
        yield return new Emit("msh />");
        for (int i = 0; i < 3; i++)
        {
            yield return Delay.Ms(40 + r.Next(40));
            yield return new Emit("cmd 1:3 " + n);
        }
        yield return new Emit("W sd_card: CMD8 SEND_IF_COND err:-3902" + Crlf);
        yield return new Emit("no sdcard" + Crlf);
        yield return new Emit("SD File System initialzation failed!\r\n");
        yield return new Emit(FalInfo("The FAL MTD NOR device (download) created successfully", Crlf));
        yield return new Emit("a--LFS Filesystem initialized! download ==> /flash0\r\n");
        yield return new Emit($"[IpcSysInit][3775]gStartType={StartType(c.Cause)},gDcOrBattery=0\r\n\r\n");
        // A Tuya log line cut in two by the SD task's retry — the interleaving users see.
        yield return new Emit("[01-01 00:00:01 TUYA Notice][tuya_ipc_sdk_start.c:121] tuya ipc sdk ");
        yield return new Emit("cmd 1:3 " + n);
        yield return new Emit("version:< TUYA IPC SDK V:4.9.12 BS:40.00_PT:2.2_LAN:3.3_CAD:1.0.3_CD:1.0.0 >\r\n");
        yield return new Emit($"[01-01 00:00:01 TUYA Notice][tuya_ipc_sdk_start.c:188] device id:6c{r.NextInt64(0x100000000000, 0xFFFFFFFFFFFF):x}\r\n");
        yield return new Emit("[01-01 00:00:01 TUYA Debug][tuya_ipc_sd.c:96] sd card status: no card\r\n");
        yield return Delay.Ms(60);
        foreach (var s in WifiJoin(c)) yield return s;
    }

    private static IEnumerable<LogStep> WifiJoin(BootContext c)
    {
        var r = c.Random;
        string n = c.Traits.BootStyle == BootLogStyle.Bk7252RtThread ? Crcrlf : Crlf;
        yield return new Emit("normal_connect22" + n + "wpa_supplicant_connect" + n);
        yield return Delay.Ms(120 + r.Next(200));
        yield return new Emit("sm_auth_send:1" + n + "sm_assoc_rsp_handler" + n);
        yield return new Emit("---------SM_CONNECT_IND_ok" + n);
        yield return new Emit("[WLAN_MGNT]wlan sta connected event callback" + n);
        yield return Delay.Ms(300 + r.Next(400));
        yield return new Emit($"ip address: 192.168.{r.Next(0, 3)}.{r.Next(20, 250)}\r\n");
        yield return new Emit("[01-01 00:00:03 TUYA Notice][tuya_ipc_mqtt.c:412] mqtt connect success\r\n");
    }

    private static IEnumerable<LogStep> TuyaOsStart(BootContext c)
    {
        var r = c.Random;
        yield return new Emit($"\r\nbk_misc_init_start_type {StartType(c.Cause):x} 0\r\n");
        yield return new Emit($"prvHeapInit-start addr:0x{0x410000 + r.Next(0x8000):x}, size:{110000 + r.Next(10000)}\r\n");
        yield return new Emit($"[Flash]id:0x{c.Traits.Jedec[0]:x2}{c.Traits.Jedec[1]:x2}{c.Traits.Jedec[2]:x2}\r\n[Flash]init over\r\n");
        yield return new Emit("SDK Rev: 3.0.78 1e0e16e\r\nOSK Rev: F-3.0.51 1e0e16e\r\n");
        yield return new Emit("[FUNC]rwnxl_init\r\n[FUNC]intc_init\r\n[FUNC]calibration_main\r\n");
        yield return Delay.Ms(20);
        yield return new Emit("[FUNC]ps_init\r\n[FUNC]func_init_extended OVER!!!\r\n\r\nint watchdog enabled, period=10000\r\ntask watchdog enabled, period=60000\r\n");
        yield return new Emit($"start_type:{StartType(c.Cause)}\r\n");
        yield return new Emit($"[01-01 00:00:00 TUYA N][lr:0x{0x4e000 + r.Next(0x1000):x}] reset info -> reason is {StartType(c.Cause)}\r\n");
        yield return new Emit("Initializing TCP/IP stack\r\n");
        yield return new Emit($"tcp_port:{49152 + r.Next(16000)}\r\n");
        foreach (var s in WifiJoin(c)) yield return s;
    }

    /// <summary>Steady-state output of a running device, forever: heartbeats, SD probes, Wi-Fi noise.</summary>
    public static IEnumerable<LogStep> Periodic(BootContext c)
    {
        var r = c.Random;
        bool doorbell = c.Traits.BootStyle == BootLogStyle.Bk7252RtThread;
        int seconds = 5;
        while (true)
        {
            int wait = 1500 + r.Next(2500);
            yield return Delay.Ms(wait);
            seconds += wait / 1000 + 1;
            long k = ++c.State.PeriodicCounter;
            string stamp = $"01-01 00:{seconds / 60 % 60:00}:{seconds % 60:00}";
            switch (k % 5)
            {
                case 0:
                    yield return new Emit(doorbell ? "cmd 1:3 " + Crcrlf + "W sd_card: CMD8 SEND_IF_COND err:-3902" + Crlf : $"[{stamp} TUYA D][lr:0x4f21c] heart beat\r\n");
                    break;
                case 1:
                    yield return new Emit($"[{stamp} TUYA Debug][tuya_ipc_p2p.c:{300 + r.Next(50)}] p2p online, sessions:{r.Next(3)}\r\n");
                    break;
                case 2:
                    yield return new Emit($"[{stamp} TUYA Notice][tuya_iot_com_api.c:{500 + r.Next(100)}] free heap:{60000 + r.Next(30000)}\r\n");
                    break;
                case 3:
                    yield return new Emit($"[{stamp} TUYA Debug][mqc_app.c:{1100 + r.Next(100)}] mqtt ping, rssi:{-40 - r.Next(40)}\r\n");
                    break;
                default:
                    yield return new Emit(doorbell ? "[sys_wdtDeviceFeed][ 52]feed wdt" + Crcrlf : "[THD]wd_feed\r\n");
                    break;
            }
        }
    }

    /// <summary>An ARM968 exception dump (log-formats.md §4) followed by the watchdog reset.</summary>
    public static string CrashDump(Random r, string kind)
    {
        var b = new StringBuilder();
        b.Append(kind).Append("\nCurrent regs:\n");
        for (int i = 0; i < 11; i += 4)
        {
            var regs = Enumerable.Range(i, Math.Min(4, 11 - i)).Select(k => $"r{k:00}:0x{Hex8(r).ToLowerInvariant()}");
            b.Append(string.Join(' ', regs)).Append('\n');
        }
        b.Append($"fp :0x{Hex8(r).ToLowerInvariant()} ip :0x{Hex8(r).ToLowerInvariant()}\n");
        b.Append($"sp :0x004{r.Next(0x10000, 0xFFFFF):x} lr :0x000{r.Next(0x10000, 0xFFFFF):x} pc :0x000{r.Next(0x10000, 0xFFFFF):x}\n");
        b.Append("SPSR:0x00000013\nCPSR:0x000000db\n\nseparate regs:\nSYS:cpsr r8-r14\n");
        for (int i = 0; i < 8; i++) b.Append($"0x{Hex8(r).ToLowerInvariant()}\n");
        foreach (var mode in new[] { "IRQ", "FIR", "ABT", "UND", "SVC" })
        {
            b.Append(mode).Append(":cpsr spsr r8-r14\n");
            for (int i = 0; i < 9; i++) b.Append($"0x{Hex8(r).ToLowerInvariant()}\n");
        }
        b.Append("\nshutdown...\n");
        return b.ToString();
    }
}
