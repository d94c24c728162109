namespace BkConsole.Simulator.Scenarios;

/// <summary>One step of a boot/run script the simulated firmware plays.</summary>
public abstract record LogStep;

/// <summary>Bytes on the log UART, exactly as given (line endings, ESC sequences and NULs included).</summary>
public sealed record Emit(string Text) : LogStep;

/// <summary>Nothing happens for a while.</summary>
public sealed record Delay(TimeSpan Duration) : LogStep
{
    public static Delay Ms(double ms) => new(TimeSpan.FromMilliseconds(ms));
}

/// <summary>The boot code's download window: a LinkCheck now enters download mode, otherwise the script goes on.</summary>
public sealed record DownloadWindow : LogStep;

/// <summary>The UART is reprogrammed (e.g. the app runs its log port at another rate than the bootloader).</summary>
public sealed record LogRate(int Baud) : LogStep;

/// <summary>The app is up: from here typed commands are answered and link checks trigger the auto-download reboot.</summary>
public sealed record AppRunning(string Prompt) : LogStep;

/// <summary>The chip resets by itself (watchdog, crash, brownout); the boot script starts again.</summary>
public sealed record ChipReset(ResetCause Cause) : LogStep;

/// <summary>Why the chip (re)started; drives start_type and what the next boot prints.</summary>
public enum ResetCause
{
    PowerOn = 0,
    Reboot = 1,
    Watchdog = 2,
    CrashUndefined = 6,
    Brownout = 100,
    CenPulse = 101,
}
