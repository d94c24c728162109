namespace BkConsole.Logs.Boots;

/// <summary>Which event kinds open, describe and end a boot (the contract names of event-kinds.md).</summary>
public static class BootKinds
{
    public const string Bootloader = "boot.bootloader";
    public const string Jump = "boot.jump";
    public const string ResetMidLine = "boot.reset_mid_line";
    public const string StartType = "sdk.start_type";
    public const string TuyaResetReason = "tuya.reset_reason";

    public const string MiscStartType = "sdk.misc_start_type";
    public const string LibreTinyResetReason = "libretiny.reset_reason";

    /// <summary>Events in which a boot tells why it started (field <c>reason</c>), most trusted first.</summary>
    public static readonly string[] StartReasons = [StartType, MiscStartType, TuyaResetReason, LibreTinyResetReason];

    /// <summary>Application banners that open a boot when no bootloader output was captured.</summary>
    public static readonly IReadOnlySet<string> AppOpeners = new HashSet<string>(StringComparer.Ordinal)
    {
        "rtthread.logo", "rtthread.banner", "app.libretiny", "app.openbeken",
    };

    /// <summary>
    /// Lines every application start prints exactly once, early: with no bootloader output captured (app UART only, or
    /// the bootloader's lines lost) the second one in a boot starts the next boot. A text before them is not taken as
    /// a cut-off line (the shapes match inside words: <c>prvHeapInit-start</c>).
    /// </summary>
    public static string? StartMarker(string kind, Func<string, string?> field) => kind switch
    {
        // the bootloader's own lines after its banner, in case the banner itself was lost to noise: the register-dump
        // header of variant B ("REG:cpsr spsr r13 r14"; a crash dump has no such line), ST:, and the jump
        "boot.registers" when field("register") == "REG" => "boot.registers:REG",
        "boot.start_type" => kind,
        "boot.jump" => kind,
        "sdk.misc_start_type" => kind,                        // bk_misc_init_start_type: the SDK's first line (BK7231N/BK7238)
        "sdk.heap_init" => kind,                              // prvHeapInit-start / [MEM DBG] heap init (FreeRTOS SDK, TuyaOS)
        "openbk.boot_count" => kind,                          // OpenBeken: "####### Boot Count N #######"
        "openbk.init_stage" when field("stage") == "initLog" => "openbk.init_stage:initLog", // OpenBeken: "Entering initLog()..."
        _ => null,
    };

    /// <summary>Events after which the next banner is certainly a new boot ("last words").</summary>
    public static readonly IReadOnlySet<string> Endings = new HashSet<string>(StringComparer.Ordinal)
    {
        "reset.reboot", "reset.watchdog", "crash.exception", "crash.shutdown", "power.deep_sleep",
    };

    /// <summary>Firmware family by the kinds that prove it, most specific first.</summary>
    public static readonly IReadOnlyList<(string Family, string[] Kinds)> Families =
    [
        ("openbeken", ["app.openbeken", "openbk.init_stage", "openbk.safe_mode", "openbk.stats", "openbk.log", "openbk.boot_count"]),
        ("esphome", ["app.esphome", "esphome.log"]),
        ("libretiny", ["app.libretiny"]),
        ("tuyaos", ["app.tuyaos", "tuya.log.tuyaos", "tuya.text.tuyaos"]),
        ("tuya-sdk", ["app.tuya_sdk", "tuya.log.sdk", "tuya.text.sdk"]),
        ("rtthread", ["rtthread.banner", "rtthread.logo", "sdk.osk_rev.rtthread"]),
        ("beken-sdk", ["sdk.rev", "sdk.osk_rev", "sdk.start_type", "sdk.heap_init", "sdk.task_created", "sdk.init_step"]),
    ];
}
