#!/usr/bin/env python3
"""SYNTHETIC boot-log variants (not real captures). Each file is assembled from lines of the real captures in
logs/ (cited per file) to model what held-back logs of the same device families contain: several boots in one
capture, reboot loops, watchdog resets, crashes followed by a reboot, brown-outs, captures that start mid-boot,
host timestamps and CRLF. Regenerate with: python3 make-variants.py (writes *.log next to this script)."""
import os

HERE = os.path.dirname(os.path.abspath(__file__))

def write(name, lines, eol="\n", prefix=None):
    with open(os.path.join(HERE, name), "wb") as f:
        for i, l in enumerate(lines):
            if prefix: l = prefix(i) + l
            f.write(l.encode("utf-8", "surrogateescape") + eol.encode())

# --- Tuya T1 bootloader + TuyaOS (log 10), rebooting: power-on, then software reboot, then watchdog --------------
def t1_boot(reason):
    return ["V: T1_2.0.0", "REG:cpsr     spsr     r13      r14", "",
            "SVC:000000d3 00000010 00401c1c 000033a0 ", "IRQ:000000d2 00000010 00401e0c ed6bb0af ",
            "FIR:000000d1 00000010 00401ffc 7bd9092b ", "ST:00000000",
            "__read_manage_block: mag->blockid=255, id=0, mag->state=255.",
            "_judge_ota_info checkerr0:1, checkerr1:1", "init err -5", "jump to:0x10000",
            "prvHeapInit-start addr:0x415120, size:175840", "[Flash]id:0x852015", "sctrl_sta_ps_init",
            "**********tuya_upgrade_main need upgrade? [255]**********", "cset:0 0 0 0", "[FUNC]rwnxl_init",
            "[01-01 00:00:00 ty N][4163][ty_sys.c:277] sdk_info:< TuyaOS V:3.8.31 BS:40.00_PT:2.3_LAN:3.5_CAD:1.0.5_CD:1.0.0 >",
            "[01-01 00:00:00 ty N][4163][ty_sys.c:278] name:oem_t1_switch:1.1.9",
            f"[01-01 00:00:00 ty N][4163][ty_sys.c:280] system reset reason:[{reason}]",
            "[01-01 00:00:00 ty N][4163][app_count_reset_times.c:143] rst cnt=2, threshold=3",
            "[01-01 00:00:02 ty N][4163][tuya_svc_devos.c:547] Last reset reason: %d" % reason,
            "[01-01 00:00:02 ty N][41e6][tuya_wifi_reset.c:410] timer stated, short timer:0x0, long timer:0x0"]
write("v01_tuya-t1-tuyaos-three-boots.log", t1_boot(0) + t1_boot(4) + t1_boot(3))

# --- BK7231N Tuya bootloader + OpenBeken (log 25) in a reboot loop ending in safe mode -----------------------------
def obk_boot(n, safe=False, cut=None):
    b = ["V:BK7231N_1.0.1", "REG:cpsr spsr r13 r14", "SVC:000000D3 00401C1C 000033AC", "ST: 00000000", "J 0x10000",
         "bk_misc_init_start_type 0 0", "prvHeapInit-start addr:0x414138, size:114376", "[Flash]id:0xeb6015",
         "sctrl_sta_ps_init", "cset:0 0 0 0", "Entering initLog()...", "Commands registered!", "initLog() done!",
         "Info:MAIN:Main_Init_Before_Delay", "Info:CFG:####### Boot Count %d #######" % n]
    if safe: b.append("Info:MAIN:###### safe mode activated - boot failures %d" % (n - 1))
    b += ["Info:MAIN:Main_Init_Before_Delay done", "", "Main_Init_Before_Delay done", "Info:MAIN:Main_Init_Delay",
          "Info:MAIN:Main_Init_After_Delay"]
    if safe: b.append("Info:MAIN:###### safe mode activated - boot failures %d" % (n - 1))
    b += ["Info:MAIN:Main_Init_After_Delay done",
          "Info:MAIN:%sTime 1, idle 0/s, free 88040, MQTT 0(0), bWifi 0, secondsWithNoPing -1, socks 2/38 " % ("[SAFE] " if safe else "")]
    return b
write("v02_openbeken-boot-loop-then-safe-mode.log",
      obk_boot(11) + obk_boot(12) + obk_boot(13) + obk_boot(14) + obk_boot(15, safe=True), eol="\r\n")

# --- the same loop captured on the app UART only (no bootloader lines): OpenBeken's own markers open each boot --
def app_only(b): return [l for l in b if not l.startswith(("V:BK", "REG:", "SVC:", "ST:", "J 0x"))]
write("v03_openbeken-loop-app-uart-only.log", app_only(obk_boot(21)) + app_only(obk_boot(22)) + app_only(obk_boot(23)), eol="\r\n")

# --- LibreTiny/ESPHome (logs 29, 30, 31): with the Beken banner between boots, and without it ---------------------
def lt_boot(attempts, ts=False):
    return ["I [      0.000] LibreTiny v1.9.1 on generic-bk7231n-qfn32-tuya, compiled at Dec  7 2025 21:11:24, GCC 10.3.1 (-O1)",
            "I [      0.001] Reset reason: 6",
            "[I][logger:049]: Log initialized",
            "[C][safe_mode:084]: Unsuccessful boot attempts: %d" % attempts,
            "[I][app:029]: Running through setup()...", "[C][wifi:038]: Setting up WiFi...", "[C][wifi:051]: Starting WiFi...",
            "[W][wifi_lt:514]: Disconnected ssid='' reason='Probe Request Unsuccessful'"]
def bk7231n_bl():
    return ["V:BK7231N_1.0.1", "REG:cpsr     spsr     r13      r14", "SVC:000000D3          00401C1C 000033AC",
            "IRQ:000000d2 00000010 00401e0c 100cd7d0", "FIR:000000d1 00000010 00401ffc eb7def6e",
            "SYS:000000df          0040192c 00000158", "ST:00000000", "J 0x10000"]
write("v04_libretiny-esphome-reboots-with-bootloader.log", bk7231n_bl() + lt_boot(1) + bk7231n_bl() + lt_boot(2) + bk7231n_bl() + lt_boot(3))
write("v05_libretiny-esphome-reboots-no-bootloader.log", lt_boot(1) + lt_boot(2) + ["\u20ac" + lt_boot(3)[0]] + lt_boot(3)[1:])
# esphome logs host stamps "[hh:mm:ss]" (31)
stamp = lambda i: "[22:%02d:%02d]" % (1 + i // 60, i % 60)
write("v06_libretiny-esphome-host-timestamps.log", bk7231n_bl() + lt_boot(0) + bk7231n_bl() + lt_boot(1), prefix=stamp)

# --- RT-Thread BK7252 camera (logs 01, 05) rebooting: V(0.1.3) banner, BK7252N_1.0.14 banner, or only the logo ---
def rtt_app(build="Dec  1 2022"):
    return ["", " \\ | /", "- RT -     Thread Operating System", " / | \\     3.1.0 build %s" % build,
            " 2006 - 2018 Copyright by rt-thread team", "", "OSK Rev: R-3.0.22", "SDK Rev: 3.0.33", "[FUNC]rwnxl_init",
            "lwIP-2.0.2 initialized!", "SD File System initialzation failed!", "[IpcSysInit][3919]gStartType=0,gDcOrBattery=1"]
def v013():
    return ["V(0.1.3)", "CPSR:0x000000D3", "R0:0x8DB7F7F7", "R13:0xF9DFEFFF", "R14(LR):0xB9E55F93",
            "\x1b[32;22m[I/FAL] Fal(V0.4.0)success\x1b[0m", "\x1b[36;22m[I/OTA] RT-Thread OTA package(V0.2.4) initialize success.\x1b[0m",
            "\x1b[31;22m[E/OTA] (ota_main:290) App verify failed! Need to recovery factory firmware.\x1b[0m", "", "",
            "go os_addr(0x10000).........."]
def bk7252n():
    return ["BK7252N_1.0.14", "REG:cpsr        spsr        r13         r14", "SVC:0x000000D3              0x00401C1C  0x000033A0",
            "ST:0x00000000", "[I/FAL] Fal(V0.4.0)success", "[I/OTA] RT-Thread OTA package(V0.2.8-beken-1133282d-20220604) initialize success.",
            "go os_addr(0x10000).........."]
write("v07_bk7252-rtthread-v013-three-boots.log", v013() + rtt_app() + ["[IpcReboot][ 592]to reboot---->99999", "bk_reboot"]
      + v013() + rtt_app() + ["task watchdog tiggered"] + v013() + rtt_app(), eol="\r\r\n")
write("v08_bk7252n-rtthread-two-boots.log", bk7252n() + rtt_app() + bk7252n() + rtt_app(), eol="\r\n")
write("v09_bk7252-rtthread-logo-only-reboots.log", rtt_app("Jul 13 2023") + ["vbat 4249"] + rtt_app("Jul 13 2023") + ["vbat 4250"] + rtt_app("Jul 13 2023"), eol="\r\r\n")

# --- watchdog reset (BDK "wdt reboot" path) with start_type:2 in the next boot (BK7238, log 14/16) -----------------
def bk7238_app(start_type):
    return ["go os_addr(0x10000)..........", "prvHeapInit-start addr:0x4114d0, size:191280", "[Flash]id:0x854215",
            "SDK Rev: 3.0.70 d414331", "OSK Rev: F-3.0.44 d414331", "[FUNC]rwnxl_init", "chip id=7238 device id=22068000",
            "int watchdog enabled, period=10000", "task watchdog enabled, period=60000", "[FUNC]func_init_extended OVER!!!", "",
            "start_type:%d" % start_type, "Initializing TCP/IP stack", "tcp_port:60670"]
def bk7238_bl():
    return ["BK7238_1.0.14", "REG:cpsr        spsr        r13         r14", "SVC:0x000000D3              0x00401C1C  0x000033A0",
            "ST:0x00000000", "[I/FAL] Fal(V0.4.0)success", "[I/OTA] RT-Thread OTA package(V0.2.8-beken-1133282d-20220604) initialize success."]
write("v10_bk7238-task-watchdog-reset.log", bk7238_bl() + bk7238_app(0) + ["task watchdog tiggered", "wdt reboot"]
      + bk7238_bl() + bk7238_app(2), eol="\r\n")

# --- crash dump then reboot (log 32), with MobaXterm host timestamps -------------------------------------------------
crash = ["undefined instruction", "Current regs:",
         "r00:0x004157d0 r01:0x00000800 r02:0x00000001 r03:0x004157d0", "r04:0x0003c851 r05:0x003f03d8 r06:0x003f0398 r07:0x003f03d8",
         "r08:0x08080808 r09:0x09090909 r10:0x10101010", "fp :0x11111111 ip :0x00000070",
         "sp :0x004014f0 lr :0x000102c4 pc :0x000102c4", "SPSR:0x0000003f", "CPSR:0x0000009b", "", "separate regs:",
         "SYS:cpsr r8-r14", "0x0000009f", "shutdown..."]
def bk7231n_rtt_bl():
    return ["BK7231n_1.0.8", "CPSR:0x000000D3", "R0:0x00800000", "R14(LR):0x000011D4", "ST:0x00000000",
            "[I/FAL] Fal(V0.4.0)success", "[I/OTA] RT-Thread OTA package(V0.2.4) initialize success.", "", "",
            "go os_addr(0x10000)..........", "prvHeapInit-start addr:0x40aa90, size:152944", "[Flash]id:0xeb6015",
            "SDK Rev: 3.0.21", "OSK Rev: F-3.0.21", "[FUNC]func_init_extended OVER!!!"]
moba = lambda i: "[2024-07-23 15:%02d:%02d]  " % (34 + i // 60, i % 60)
write("v11_bk7231n-crash-then-reboot-moba.log", bk7231n_rtt_bl() + ["start_type:0", "# dump_test"] + crash
      + bk7231n_rtt_bl() + ["start_type:6", "[ATSVR]msg type:7"], eol="\r\n", prefix=moba)
# the same firmware crashing at the same place three times (crash loop)
write("v12_bk7231n-crash-loop.log", (bk7231n_rtt_bl() + ["start_type:6"] + crash) * 3 + bk7231n_rtt_bl() + ["start_type:6"], eol="\r\n")

# --- brown-out: the banner glued mid-line behind garbage (log 16), twice, CRLF ---------------------------------------
write("v13_bk7238-brownout-glued-banner.log",
      bk7238_app(0)[:-1] + ["[THD]wp\ufffd\ufffd" + bk7238_bl()[0]] + bk7238_bl()[1:] + bk7238_app(0)[:-2]
      + ["[THD]tcp/ip:[tcb]4129d8 [stack]41\x00\x00\ufffdBK7238_1.0.14"] + bk7238_bl()[1:] + bk7238_app(0), eol="\r\n")

# --- capture that starts mid-boot (log 14 style), then a normal reboot -------------------------------------------
write("v14_bk7231n-tuyaos-starts-mid-boot.log",
      ["ctrl_sta_ps_init", "cset:0 0 0 0", "[01-01 00:00:00 TUYA N][lr:0x4eb2b] reset info -> reason is 0",
       "[01-01 00:00:00 TUYA E][lr:0xc9c73] uf_open 10 err 8"] + bk7231n_bl() +
      ["bk_misc_init_start_type 2 0", "[MEM DBG] heap init-------size:163128 addr:0x4082c8---------", "[Flash]id:0xeb6015",
       "[01-01 00:00:00 TUYA N][lr:0x4eb2b] reset info -> reason is 3", "[01-01 00:00:00 TUYA E][lr:0xc9c73] uf_open 10 err 8"])

# --- normal single boots (no finding expected apart from benign notes) ------------------------------------------
write("v15_bk7231n-openbeken-normal-single-boot.log", obk_boot(3), eol="\r\n")
write("v16_bk7238-sdk-app-only-two-boots.log", bk7238_app(0)[1:] + bk7238_app(1)[1:], eol="\r\n")

# --- OTA stories of the BK7252 doorbell bootloader (V(0.1.3), formats of log-formats.md §1d/§2) ----------------------
fal_missing = "\x1b[31;22m[E/FAL] (fal_partition_init:219) Partition table NOT found on flash: beken_onchip_crc (len: 24) from offset: 0x0000d55c.\x1b[0m"
def v013_head(): return v013()[:5]
# a pushed update is not applied: the bootloader finds no FAL table, jumps to the old app, which boots again
write("v17_bk7252-ota-not-applied-no-fal.log",
      v013_head() + [fal_missing, "\x1b[31;22m[E/OTA] (rt_ota_init:116) RT-Thread OTA package(V0.2.4) initialize failed(-1).\x1b[0m", "", "go os_addr(0x10000).........."]
      + rtt_app() + ["[IpcReboot][ 592]to reboot---->99999", "bk_reboot"]
      + v013_head() + [fal_missing, "\x1b[31;22m[E/OTA] (rt_ota_init:116) RT-Thread OTA package(V0.2.4) initialize failed(-1).\x1b[0m", "", "go os_addr(0x10000).........."]
      + rtt_app(), eol="\r\r\n")
# the download partition is missing
write("v18_bk7252-ota-download-partition-missing.log",
      v013_head() + ["\x1b[32;22m[I/FAL] Fal(V0.4.0)success\x1b[0m",
                     "\x1b[31;22m[E/OTA] (rt_ota_init:110) Initialize failed! The download partition(download) not found.\x1b[0m",
                     "", "go os_addr(0x10000).........."] + rtt_app(), eol="\r\r\n")
# an update applied by the bootloader, then the new app boots (normal: no error finding expected)
write("v19_bk7252-ota-applied.log",
      v013_head() + ["\x1b[32;22m[I/FAL] Fal(V0.4.0)success\x1b[0m", "\x1b[36;22m[I/OTA] RT-Thread OTA package(V0.2.4) initialize success.\x1b[0m",
                     "[I/OTA] Verify 'download' partition(fw ver: 1.0.1, timestamp: 1529564420) success.",
                     "[I/OTA] OTA firmware(app) upgrade(1.0.0->1.0.1) startup.", "[I/OTA] The partition 'app' is erasing.",
                     "[I/OTA] The partition 'app' erase success.",
                     "[I/OTA] OTA Write: [==========>                                                                                          ] 10%",
                     "[I/OTA] OTA Write: [====================================================================================================] 100%",
                     "[I/OTA] OTA firmware(app) upgrade(1.0.0->1.0.1) success.", "", "go os_addr(0x10000).........."] + rtt_app(), eol="\r\r\n")
# bootloader only, on a Tuya BK7231N after a bad flash, captured over three power cycles
write("v20_bk7231n-bootloader-only-three-power-cycles.log", bk7231n_bl() + [""] + bk7231n_bl() + [""] + bk7231n_bl(), eol="\r\n")

# --- the second bootloader banner lost to noise (only its register lines and the jump survive), LibreTiny app -------
write("v21_bk7231n-second-banner-garbled.log", bk7231n_bl() + lt_boot(0)[:3] + ["\ufffd\ufffd\x07\ufffd"] + bk7231n_bl()[1:] + lt_boot(0)[:3], eol="\r\n")
