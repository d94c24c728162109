namespace BkConsole.Devices.Beken;

/// <summary>
/// Every deadline and retry count of the Beken client, in one place (style rule 5). Transfer deadlines scale with
/// the bytes on the wire at the current baud and have a floor, because users lose reads to fixed short timeouts
/// (beken-uart-protocol.md §13.6–13.8).
/// </summary>
public static class BekenTimeouts
{
    /// <summary>Reply window for one LinkCheck while spamming (§2.4: tools use 1–5 ms; the pty adds latency).</summary>
    public static readonly TimeSpan LinkCheckReply = TimeSpan.FromMilliseconds(15);

    /// <summary>Try this long without any reset first: a chip left in download mode answers at once.</summary>
    public static readonly TimeSpan AlreadyLinkedWindow = TimeSpan.FromMilliseconds(600);

    /// <summary>How long LinkCheck is spammed after each automatic reset.</summary>
    public static readonly TimeSpan AfterResetWindow = TimeSpan.FromSeconds(2);

    /// <summary>How long the user gets to short CEN to GND (or power-cycle) after the prompt.</summary>
    public static readonly TimeSpan ManualResetWindow = TimeSpan.FromSeconds(20);

    /// <summary>Per other rate, how long a chip left in download mode at a transfer rate is looked for.</summary>
    public static readonly TimeSpan OtherRateProbe = TimeSpan.FromMilliseconds(60);

    /// <summary>
    /// A reply that stopped mid-frame for this long has lost bytes on the wire: give it up instead of waiting for
    /// its full deadline (the boot code sends each reply in one go).
    /// </summary>
    public static TimeSpan PartialReplyIdle(int baud) => TimeSpan.FromMilliseconds(100) + TimeSpan.FromSeconds(64 * 10.0 / baud);

    /// <summary>Silence after which a pipelined CheckCRC's reply is taken as lost: its compute time (at the assumed speed, with margin) plus the idle gap.</summary>
    public static TimeSpan CrcIdle(long bytes, int baud) =>
        PartialReplyIdle(baud) + TimeSpan.FromSeconds(bytes / CrcBytesPerSecond * WireFactor);

    /// <summary>Whole rounds through all reset strategies before giving up.</summary>
    public const int LinkRounds = 2;

    /// <summary>After linking, read and drop input for this long (stale LinkCheck replies, §13.4).</summary>
    public static readonly TimeSpan Drain = TimeSpan.FromMilliseconds(60);

    /// <summary>Floor of any command's reply deadline.</summary>
    public static readonly TimeSpan CommandFloor = TimeSpan.FromSeconds(1);

    /// <summary>Reply deadline of probes the chip may legitimately ignore (ReadBootVersion on BASIC boot code).</summary>
    public static readonly TimeSpan Probe = TimeSpan.FromMilliseconds(300);

    /// <summary>Wire time of a frame is multiplied by this for its deadline (slow adapters, USB latency).</summary>
    public const double WireFactor = 3.0;

    /// <summary>Assumed CheckCRC speed of the boot code (bk7231tools' model), before <see cref="WireFactor"/>.</summary>
    public const double CrcBytesPerSecond = 400_000;

    /// <summary>Erase deadlines (SPI NOR worst cases: 4 KiB ≈ 0.4 s, 64 KiB ≈ 2 s).</summary>
    public static readonly TimeSpan Erase4K = TimeSpan.FromSeconds(1.5);
    public static readonly TimeSpan Erase64K = TimeSpan.FromSeconds(4);

    /// <summary>Delay the chip waits before echoing SetBaudRate; the host sleeps half of it (§6).</summary>
    public const byte BaudSwitchDelayMs = 50;

    /// <summary>LinkChecks that must succeed at a new rate before it is trusted.</summary>
    public const int BaudVerifyChecks = 3;

    /// <summary>Rounds of the careful read path per 64 KiB window (each re-reads only sectors with bad slices; bk7231tools retries a sector 20×).</summary>
    public const int ReadSectorAttempts = 20;

    /// <summary>Erase+write+CRC attempts per sector when writing.</summary>
    public const int WriteSectorAttempts = 3;

    /// <summary>Quiet time before a recovery LinkCheck, so a half-sent reply can finish.</summary>
    public static readonly TimeSpan RecoverQuiet = TimeSpan.FromMilliseconds(30);

    /// <summary>LinkChecks tried to recover the session after a failed transfer.</summary>
    public const int RecoverAttempts = 40;

    /// <summary>Every this many failed recovery LinkChecks, a 0xFF filler completes a request the boot code is still waiting on.</summary>
    public const int RecoverFillerEvery = 3;

    /// <summary>Pause between Reboot frames (sent three times, §4.1).</summary>
    public static readonly TimeSpan RebootGap = TimeSpan.FromMilliseconds(10);

    /// <summary>Deadline for a reply of <paramref name="wireBytes"/> bytes (request + reply) at <paramref name="baud"/>, plus device work.</summary>
    public static TimeSpan ForTransfer(int wireBytes, int baud, TimeSpan deviceWork = default) =>
        CommandFloor + TimeSpan.FromSeconds(wireBytes * 10.0 / baud * WireFactor) + deviceWork * WireFactor;

    public static TimeSpan ForCrc(long bytes, int baud) =>
        ForTransfer(30, baud, TimeSpan.FromSeconds(bytes / CrcBytesPerSecond));

    /// <summary>How long one eFuse byte read may keep SCTRL_EFUSE_CTRL bit 0 set before it is given up (§7.2).</summary>
    public static readonly TimeSpan EfuseByteReady = TimeSpan.FromMilliseconds(500);
}
