namespace BkConsole.Simulator;

/// <summary>Every delay and timeout of the simulated device, in one place (beken-uart-protocol.md §2.4, §3.5, §5, §11).</summary>
public static class SimTimings
{
    /// <summary>Idle time after which a partial frame is dropped with PACK_PAYLOAD_LACK (the loader polls ~1000×20 ms; shortened).</summary>
    public static readonly TimeSpan PartialFrameTimeout = TimeSpan.FromMilliseconds(1000);

    /// <summary>How long the boot code listens for a LinkCheck after a reset before jumping to the app.</summary>
    public static readonly TimeSpan BootWindow = TimeSpan.FromMilliseconds(400);

    /// <summary>A link check / reboot command reaching the running app resets the chip after this much (plus jitter)…</summary>
    public static readonly TimeSpan AdrRebootDelayMin = TimeSpan.FromMilliseconds(100);

    /// <summary>…and at most this much (the brief: "within ~100–500 ms").</summary>
    public static readonly TimeSpan AdrRebootDelayMax = TimeSpan.FromMilliseconds(350);

    /// <summary>CheckCRC throughput (bk7231tools assumes ≥400 kB/s; the GUI tool CRCs a whole 4 MiB BK7252 within 5 s, so faster).</summary>
    public const int CrcBytesPerSecond = 1_000_000;

    /// <summary>4 KiB sector erase time of a typical SPI NOR part.</summary>
    public static readonly TimeSpan SectorEraseTime = TimeSpan.FromMilliseconds(8);

    /// <summary>64 KiB block erase.</summary>
    public static readonly TimeSpan BlockEraseTime = TimeSpan.FromMilliseconds(40);

    /// <summary>Whole-chip erase.</summary>
    public static readonly TimeSpan ChipEraseTime = TimeSpan.FromMilliseconds(600);

    /// <summary>Status-register write cycle: WIP reads as 1 this long after a WriteSR (libretiny#33).</summary>
    public static readonly TimeSpan StatusWriteBusy = TimeSpan.FromMilliseconds(3);

    /// <summary>How long the transmitter waits for a slow host before dropping output (a real UART never waits).</summary>
    public static readonly TimeSpan TxBackpressureLimit = TimeSpan.FromMilliseconds(500);

    /// <summary>Device loop poll period when nothing is scheduled.</summary>
    public static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(5);

    /// <summary>Script output waits while more than this many bytes are queued (a blocking printf).</summary>
    public const int TxHighWater = 512;

    /// <summary>…or more than this much line time, so a briefly starved device thread does not leave the line idle.</summary>
    public const int TxQueueMilliseconds = 30;
}
