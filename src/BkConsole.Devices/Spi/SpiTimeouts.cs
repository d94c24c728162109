namespace BkConsole.Devices.Spi;

/// <summary>
/// Every deadline, poll interval and retry count of the SPI path (style rule 5). Deadlines are measured on
/// the master's clock, so they hold in modelled time against the emulator too.
/// </summary>
public static class SpiTimeouts
{
    /// <summary>Page program: typ. 0.4–1.5 ms; flashrom polls every 10 µs.</summary>
    public static readonly TimeSpan PageProgramDeadline = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan PageProgramPoll = TimeSpan.FromMilliseconds(1);

    /// <summary>4 KiB sector erase: "usually 15–800 ms".</summary>
    public static readonly TimeSpan SectorEraseDeadline = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan SectorErasePoll = TimeSpan.FromMilliseconds(10);

    /// <summary>32/64 KiB block erase: "100–4000 ms".</summary>
    public static readonly TimeSpan BlockEraseDeadline = TimeSpan.FromSeconds(8);
    public static readonly TimeSpan BlockErasePoll = TimeSpan.FromMilliseconds(20);

    /// <summary>Chip erase: "1–85 s".</summary>
    public static readonly TimeSpan ChipEraseDeadline = TimeSpan.FromSeconds(120);
    public static readonly TimeSpan ChipErasePoll = TimeSpan.FromMilliseconds(250);

    /// <summary>Status register write: "50–85 ms in most cases", flashrom allows 5 s.</summary>
    public static readonly TimeSpan WriteStatusDeadline = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan WriteStatusPoll = TimeSpan.FromMilliseconds(10);

    /// <summary>Bytes per 0x03 read frame (flashrom's max_data_read).</summary>
    public const int ReadChunk = 4096;

    /// <summary>Read frames sent in one pipelined batch (64 KiB, also the progress/cancel granularity).</summary>
    public const int ReadFramesPerBatch = 16;

    /// <summary>Pages programmed per pipelined batch.</summary>
    public const int ProgramPagesPerBatch = 16;

    /// <summary>Status bytes clocked after each page program (05 repeats while clocked); grows when too short.</summary>
    public const int ProgramStatusTail = 128;
    public const int ProgramStatusTailMax = 2048;

    /// <summary>Re-reads of a window whose two read passes disagree.</summary>
    public const int ReadRetries = 2;

    /// <summary>Beken SPI-mode entry: attempts before giving up (one board needed 398).</summary>
    public const int BekenMaxAttempts = 1000;

    /// <summary>How long CEN is held low per attempt (tools use 100 ms … 1 s).</summary>
    public static readonly TimeSpan BekenCenLow = TimeSpan.FromMilliseconds(100);

    /// <summary>0xD2 bytes clocked in one frame right after CEN is released.</summary>
    public const int BekenSyncRun = 250;

    /// <summary>JEDEC reads after each D2 run, and the wait before each.</summary>
    public const int BekenIdReads = 3;
    public static readonly TimeSpan BekenIdGap = TimeSpan.FromMilliseconds(150);
}
