namespace BkConsole.Logs.Diagnosis;

/// <summary>Why a boot ended (as far as the log tells), judged from its last events and the next boot's start reason.</summary>
public enum ResetCause
{
    /// <summary>Nothing in the log explains the restart.</summary>
    Silent,

    /// <summary>A requested reboot (bk_reboot, a reboot command, an applied update).</summary>
    Requested,

    DeepSleep,

    Watchdog,

    Crash,
}
