using BkConsole.Core.Chips;
using BkConsole.Core.Errors;
using BkConsole.Core.Links;
using BkConsole.Devices.Beken.Packets;
using BkConsole.Devices.Beken.Reset;
using BkConsole.Devices.Flash;

namespace BkConsole.Devices.Beken;

/// <summary>
/// Host side of the Beken UART download protocol over any <see cref="ISerialLink"/>: link (reset strategies cycled),
/// identification, baud switching with a fallback ladder, verified reads and writes. The link is borrowed, not owned.
/// </summary>
public sealed class BekenClient
{
    /// <summary>Rates tried, fastest first (§6); a target not on the ladder is tried first, then the rungs below it.</summary>
    public static readonly IReadOnlyList<int> BaudLadder = [3_000_000, 2_000_000, 1_500_000, 921_600, 460_800, 115_200];

    public const int LinkBaud = 115_200;
    public const int SectorSize = 4096;
    public const int BlockSize = 64 * 1024;

    private const uint ChipIdRegister = 0x800000;
    private const ushort ProtectMask = 0x407C; // BP0–BP4 (SR1 bits 2–6) and CMP (SR2 bit 6), §7.2

    private static readonly byte[] RecoverFiller = Enumerable.Repeat((byte)0xFF, 8 + 4 + SectorSize + 16).ToArray();

    internal BekenTransport Transport { get; }

    public BekenClient(ISerialLink link)
    {
        Transport = new BekenTransport(link);
    }

    public ISerialLink Link => Transport.Link;

    /// <summary>The boot code's capabilities once known (forced with --chip or identified); null before.</summary>
    public ChipProfile? Profile { get; private set; }

    public ChipIdentity? Identity { get; private set; }

    /// <summary>Flash size used for the bootloader wrap-around on BASIC chips.</summary>
    public long FlashSize => Identity?.FlashSize ?? Profile?.FlashSize ?? 0;

    /// <summary>Bytes of noise skipped and stale replies dropped so far (diagnostics).</summary>
    public long DiscardedBytes => Transport.DiscardedBytes;

    /// <summary>Check each read window against the chip's CRC (default). Turning it off is an explicit, recorded choice.</summary>
    public bool VerifyReads { get; set; } = true;

    /// <summary>Assume this profile without identifying (tests, or when the user insists).</summary>
    public void UseProfile(ChipProfile profile) => Profile = profile;

    // ---------------------------------------------------------------- commands

    /// <summary>Send a command and return its decoded reply; throws on timeout. Unsupported commands send nothing.</summary>
    public async Task<TReply> ExecuteAsync<TReply>(BekenCommand<TReply> command, TimeSpan timeout, CancellationToken ct)
    {
        EnsureSupported(command);
        await Transport.SendAsync(command, ct).ConfigureAwait(false);
        var reply = await Transport.ExpectAsync(command.ReplyId, timeout, ct).ConfigureAwait(false)
                    ?? throw new BekenTimeoutException($"no reply to {Describe(command)} within {timeout.TotalMilliseconds:0} ms");
        return command.ParseReply(reply);
    }

    /// <summary>Like <see cref="ExecuteAsync{TReply}"/> but null on timeout (probes, retries).</summary>
    public async Task<TReply?> TryExecuteAsync<TReply>(BekenCommand<TReply> command, TimeSpan timeout, CancellationToken ct)
        where TReply : class
    {
        EnsureSupported(command);
        await Transport.SendAsync(command, ct).ConfigureAwait(false);
        var reply = await Transport.ExpectAsync(command.ReplyId, timeout, ct).ConfigureAwait(false);
        return reply == null ? null : command.ParseReply(reply);
    }

    internal void EnsureSupported(BekenCommand command)
    {
        if (Profile == null) return;
        var set = command.Id.IsLong ? Profile.LongCommands : Profile.ShortCommands;
        if (!set.Contains(command.Id.Opcode)) throw new UnsupportedCommandException(Describe(command), command.Id, Profile);
    }

    internal static string Describe(BekenCommand c) => c.GetType().Name.Replace("Command", "");

    internal TimeSpan CommandTimeout => BekenTimeouts.ForTransfer(64, Link.BaudRate);

    // ---------------------------------------------------------------- link

    /// <summary>
    /// Get the chip into download mode: LinkCheck without reset first (a linked chip stays linked), then each
    /// usable strategy in turn, <see cref="BekenTimeouts.LinkRounds"/> times. Ends drained, at 115200.
    /// </summary>
    public async Task ConnectAsync(IReadOnlyList<IResetStrategy> strategies, IProgress<LinkProgress>? progress, CancellationToken ct)
    {
        if (Link.BaudRate != LinkBaud) Link.SetBaudRate(LinkBaud);
        Transport.Reset();
        progress?.Report(new LinkProgress("none", "looking for a chip already in download mode"));
        if (await SpamLinkCheckAsync(BekenTimeouts.AlreadyLinkedWindow, null, null, ct).ConfigureAwait(false))
        {
            await Transport.DrainAsync(BekenTimeouts.Drain, ct).ConfigureAwait(false);
            return;
        }
        if (await FindAtOtherRateAsync(ct).ConfigureAwait(false))
        {
            progress?.Report(new LinkProgress("none", $"found the chip still in download mode at {Link.BaudRate} baud"));
            return;
        }
        var tried = new List<string>();
        for (int round = 0; round < BekenTimeouts.LinkRounds; round++)
        {
            foreach (var s in strategies)
            {
                var why = s.UnavailableReason(Link);
                if (why != null)
                {
                    if (round == 0) progress?.Report(new LinkProgress(s.Name, $"skipped: {why}"));
                    continue;
                }
                if (round == 0) tried.Add(s.Name);
                await s.ResetAsync(Link, progress, ct).ConfigureAwait(false);
                if (await SpamLinkCheckAsync(s.Window, s, progress, ct).ConfigureAwait(false))
                {
                    progress?.Report(new LinkProgress(s.Name, "linked"));
                    await Transport.DrainAsync(BekenTimeouts.Drain, ct).ConfigureAwait(false);
                    return;
                }
            }
        }
        throw new BekenTimeoutException(
            $"no answer from the Beken bootloader on {Link.PortName} (tried: {string.Join(", ", tried.DefaultIfEmpty("no reset"))})",
            "wiring: adapter TX → chip RX1 (P10), adapter RX → chip TX1 (P11), GND shared; UART2 is only a log port. " +
            "Reset the chip while bkconsole says 'linking': short CEN to GND for ~0.25 s or power-cycle it. " +
            "Use a stable 3.3 V supply — adapter regulators often sag.");
    }

    /// <summary>A chip left in download mode by an interrupted run still listens at the last transfer rate.</summary>
    private async Task<bool> FindAtOtherRateAsync(CancellationToken ct)
    {
        foreach (var rate in BaudLadder.Where(r => r != LinkBaud))
        {
            if (!TrySetHostRate(rate)) continue;
            Transport.Reset();
            if (await SpamLinkCheckAsync(BekenTimeouts.OtherRateProbe, null, null, ct).ConfigureAwait(false))
            {
                await Transport.DrainAsync(BekenTimeouts.Drain, ct).ConfigureAwait(false);
                return true;
            }
        }
        Link.SetBaudRate(LinkBaud);
        Transport.Reset();
        return false;
    }

    /// <summary>Put the chip (and host) back at 115200 without rebooting, so the next session finds it. Best effort.</summary>
    public async Task<bool> ReturnToLinkBaudAsync(CancellationToken ct)
    {
        if (Link.BaudRate == LinkBaud) return true;
        try
        {
            return await TrySwitchAsync(LinkBaud, ct).ConfigureAwait(false);
        }
        catch (BekenTimeoutException)
        {
            return false;
        }
    }

    private async Task<bool> SpamLinkCheckAsync(TimeSpan window, IResetStrategy? strategy, IProgress<LinkProgress>? progress, CancellationToken ct)
    {
        var check = new LinkCheckCommand();
        var until = DateTime.UtcNow + window;
        var nextTick = DateTime.UtcNow + TimeSpan.FromSeconds(1);
        while (DateTime.UtcNow < until)
        {
            ct.ThrowIfCancellationRequested();
            await Transport.SendAsync(check, ct).ConfigureAwait(false);
            var reply = await Transport.ExpectAsync(check.ReplyId, BekenTimeouts.LinkCheckReply, ct).ConfigureAwait(false);
            if (reply != null && check.ParseReply(reply).Status == 0) return true;
            if (strategy != null && progress != null && DateTime.UtcNow >= nextTick)
            {
                nextTick += TimeSpan.FromSeconds(1);
                var left = until - DateTime.UtcNow;
                progress.Report(new LinkProgress(strategy.Name,
                    strategy is ManualReset ? ManualReset.Instruction : "waiting for the bootloader", left, strategy is ManualReset));
            }
        }
        return false;
    }

    /// <summary>One LinkCheck round trip; true when the chip answered OK.</summary>
    public async Task<bool> PingAsync(TimeSpan timeout, CancellationToken ct)
    {
        var check = new LinkCheckCommand();
        var reply = await TryExecuteAsync(check, timeout, ct).ConfigureAwait(false);
        return reply is { Status: 0 };
    }

    /// <summary>
    /// Bring the session back after a failed transfer: let a half-sent reply finish, then LinkCheck until the chip
    /// answers (a partial request on the chip's side is completed by these bytes and then resynced).
    /// </summary>
    internal async Task RecoverAsync(CancellationToken ct)
    {
        for (int i = 0; i < BekenTimeouts.RecoverAttempts; i++)
        {
            await Transport.DrainAsync(BekenTimeouts.RecoverQuiet, ct).ConfigureAwait(false);
            if (await PingAsync(BekenTimeouts.LinkCheckReply * 4, ct).ConfigureAwait(false))
            {
                await Transport.DrainAsync(BekenTimeouts.RecoverQuiet, ct).ConfigureAwait(false);
                return;
            }
            if (i % BekenTimeouts.RecoverFillerEvery == BekenTimeouts.RecoverFillerEvery - 1)
            {
                // A request that lost a length byte leaves the boot code waiting for up to 4 KiB more; LinkChecks
                // alone would be swallowed for minutes. Complete it with 0xFF: as flash data it programs nothing,
                // as a frame start it is ignored.
                await Transport.SendRawAsync(RecoverFiller, ct).ConfigureAwait(false);
            }
        }
        throw new BekenTimeoutException($"the chip on {Link.PortName} stopped answering and did not come back");
    }

    // ---------------------------------------------------------------- identification

    /// <summary>
    /// Identify bootloader, protocol family, chip and flash size (§8.1). With <paramref name="forced"/> the user's choice
    /// is used but checked against what the boot code says — a wrong --chip is the classic cause of CRC mismatches.
    /// </summary>
    public async Task<ChipIdentity> IdentifyAsync(ChipProfile? forced, CancellationToken ct)
    {
        var notes = new List<string>();
        Profile = null;
        uint bootCrc = await CrcRawAsync(0, 0x100, ct).ConfigureAwait(false);
        var bootloader = BootloaderTable.FindByChipCrc(bootCrc);
        ChipProfile? chip = bootloader != null ? ChipProfiles.Find(bootloader.Chip) : null;
        bool confirmed = chip != null;
        string? bootVersion = null;
        uint? chipId = null;

        if (chip == null)
        {
            // Unknown bootloader: the family shows in how the boot code treats ReadBootVersion.
            var version = await TryExecuteAsync(new ReadBootVersionCommand(), BekenTimeouts.Probe, ct).ConfigureAwait(false);
            if (version is { UnknownToRom: false, Version: { Length: > 0 } v })
            {
                bootVersion = v;
                chip = ChipProfiles.All.First(c => c.Family == ProtocolFamily.BasicTuya);
                confirmed = true;
            }
            else if (version is { UnknownToRom: true })
            {
                chip = ChipProfiles.All.First(c => c.Family == ProtocolFamily.Full);
            }
            else
            {
                chip = forced is { IsBasic: true } ? forced : ChipProfiles.Bk7252;
                notes.Add("unknown BASIC Beken bootloader (no version command)");
            }
            await Transport.DrainAsync(BekenTimeouts.RecoverQuiet, ct).ConfigureAwait(false);
        }

        if (forced != null && forced.Family != chip.Family)
        {
            throw new UsageException(
                $"--chip {forced.Name} does not match this chip: its boot code speaks {chip.Family} (looks like {chip.Name})",
                $"use --chip {chip.Name} or --chip auto; a wrong chip type gives CRC mismatches and wrong addresses");
        }
        Profile = forced ?? chip;

        if (Profile.Family == ProtocolFamily.Full)
        {
            var reg = await TryExecuteAsync(new ReadRegCommand(ChipIdRegister), CommandTimeout, ct).ConfigureAwait(false);
            if (reg != null)
            {
                chipId = reg.Value;
                var byId = ChipProfiles.All.FirstOrDefault(c => c.ChipIdRegisterValue == reg.Value);
                if (forced == null && byId != null) Profile = byId;
                confirmed = byId != null;
                if (byId == null) notes.Add($"chip id register 0x{reg.Value:x} is not in the chip table");
            }
        }
        else if (Profile.Family == ProtocolFamily.BasicTuya && bootVersion == null)
        {
            var version = await TryExecuteAsync(new ReadBootVersionCommand(), BekenTimeouts.Probe, ct).ConfigureAwait(false);
            bootVersion = version?.Version;
        }
        if (forced != null) confirmed = true;

        FlashIdReply? jedec = null;
        long size;
        string sizeSource;
        ushort? sr = null;
        bool? isProtected = null;
        if (Profile.Family == ProtocolFamily.Full)
        {
            jedec = await TryExecuteAsync(new FlashGetMidCommand(), CommandTimeout, ct).ConfigureAwait(false);
            if (jedec is { Status: 0, Size: long s })
            {
                size = s;
                sizeSource = "jedec";
            }
            else
            {
                size = Profile.FlashSize;
                sizeSource = $"chip profile ({Profile.Name})";
                notes.Add($"flash id {(jedec == null ? "unanswered" : jedec.Hex)} is not usable; assuming {size / 1024 / 1024} MiB");
            }
            sr = await ReadStatusRegisterAsync(ct).ConfigureAwait(false);
            isProtected = sr.HasValue ? (sr.Value & ProtectMask) != 0 : null;
        }
        else if (bootloader?.FlashSize is int known)
        {
            size = known;
            sizeSource = "bootloader table";
        }
        else
        {
            var detected = await DetectSizeByAliasingAsync(ct).ConfigureAwait(false);
            if (detected is long d)
            {
                size = d;
                sizeSource = "aliasing";
            }
            else
            {
                size = Profile.FlashSize;
                sizeSource = $"chip profile ({Profile.Name})";
                notes.Add("flash size could not be detected (blank app area); assuming the chip default");
            }
        }
        if (forced == null && Profile.IsBasic && Profile.Family == ProtocolFamily.BasicBeken && bootloader == null)
        {
            Profile = size >= 4 * 1024 * 1024 ? ChipProfiles.Bk7252 : ChipProfiles.Bk7231U;
            confirmed = size >= 4 * 1024 * 1024;
            if (!confirmed) notes.Add("BASIC Beken bootloader with 2 MiB: BK7231U or a 2 MiB BK7252 — pass --chip to be sure");
        }

        Identity = new ChipIdentity
        {
            Chip = Profile,
            ChipConfirmed = confirmed,
            BootloaderCrc = bootCrc,
            Bootloader = bootloader,
            BootVersion = bootVersion,
            ChipIdRegister = chipId,
            Jedec = jedec,
            FlashSize = size,
            FlashSizeSource = sizeSource,
            StatusRegister = sr,
            Protected = isProtected,
            Notes = notes,
        };
        return Identity;
    }

    /// <summary>Use a profile and size without asking the chip (the caller already knows).</summary>
    public void Assume(ChipProfile profile, long flashSize)
    {
        Profile = profile;
        Identity = new ChipIdentity
        {
            Chip = profile, ChipConfirmed = true, BootloaderCrc = 0, FlashSize = flashSize, FlashSizeSource = "given",
        };
    }

    /// <summary>
    /// Size by address aliasing (§7.3): the SPI flash ignores address bits above its size, so CRC(S + 0x11000 …) equals
    /// CRC(0x11000 …) for the first S that is the real size.
    /// </summary>
    private async Task<long?> DetectSizeByAliasingAsync(CancellationToken ct)
    {
        const uint probe = 0x11000;
        const uint len = 0x10000;
        uint reference = await CrcRawAsync(probe, probe + len, ct).ConfigureAwait(false);
        if (reference == Checksums.ErasedCrc(len)) return null;
        for (long s = 1024 * 1024; s <= 16 * 1024 * 1024; s *= 2)
        {
            uint c = await CrcRawAsync((uint)(s + probe), (uint)(s + probe + len), ct).ConfigureAwait(false);
            if (c == reference) return s;
        }
        return null;
    }

    private async Task<ushort?> ReadStatusRegisterAsync(CancellationToken ct)
    {
        var sr1 = await TryExecuteAsync(new FlashReadSrCommand(0x05), CommandTimeout, ct).ConfigureAwait(false);
        if (sr1 is not { Status: 0 } || sr1.Values.Length < 1) return null;
        var sr2 = await TryExecuteAsync(new FlashReadSrCommand(0x35), CommandTimeout, ct).ConfigureAwait(false);
        byte hi = sr2 is { Status: 0 } && sr2.Values.Length > 0 ? sr2.Values.Span[0] : (byte)0;
        return (ushort)(sr1.Values.Span[0] | hi << 8);
    }

    /// <summary>
    /// FULL chips: clear BP0–BP4 and CMP so erase/program work (§7.2). Only the masked bits are compared on read-back
    /// (WIP may read 1 right after the write — libretiny#33).
    /// </summary>
    public async Task UnprotectAsync(CancellationToken ct)
    {
        if (Profile?.Family != ProtocolFamily.Full) return;
        for (int attempt = 0; attempt < 5; attempt++)
        {
            var sr = await ReadStatusRegisterAsync(ct).ConfigureAwait(false)
                     ?? throw new BekenProtocolException("cannot read the flash status register");
            if ((sr & ProtectMask) == 0) return;
            ushort cleared = (ushort)(sr & ~ProtectMask);
            var reply = await ExecuteAsync(new FlashWriteSrCommand(0x01, new[] { (byte)cleared, (byte)(cleared >> 8) }), CommandTimeout, ct)
                .ConfigureAwait(false);
            if (reply.Status != 0) throw new BekenProtocolException($"WriteSR answered status {reply.Status}");
            await Task.Delay(10, ct).ConfigureAwait(false);
        }
        throw new BekenProtocolException("the flash stays write-protected after clearing its status register",
            "the flash may need a vendor-specific unprotect; as a fallback write it over SPI (bkconsole spi)");
    }

    // ---------------------------------------------------------------- CRC and addresses

    /// <summary>The chip's CRC of flash [start, end) as wire addresses (end adjusted for inclusive boot code).</summary>
    internal async Task<uint> CrcRawAsync(uint start, uint end, CancellationToken ct)
    {
        var reply = await TryCrcRawAsync(start, end, ct).ConfigureAwait(false)
                    ?? throw new BekenTimeoutException($"no reply to CheckCRC 0x{start:x}–0x{end:x}");
        return reply;
    }

    internal async Task<uint?> TryCrcRawAsync(uint start, uint end, CancellationToken ct)
    {
        bool inclusive = Profile?.CrcEndInclusive ?? false;
        var cmd = new CheckCrcCommand(start, inclusive ? end - 1 : end);
        var reply = await TryExecuteAsync(cmd, BekenTimeouts.ForCrc(end - start, Link.BaudRate), ct).ConfigureAwait(false);
        return reply?.Crc;
    }

    internal CheckCrcCommand CrcCommand(long start, long end)
    {
        bool inclusive = Profile?.CrcEndInclusive ?? false;
        uint s = WireAddress(start);
        uint e = (uint)(s + (end - start));
        return new CheckCrcCommand(s, inclusive ? e - 1 : e);
    }

    /// <summary>
    /// Address on the wire: on BASIC boot code the protected bootloader area is reached through the alias at
    /// address + flash size (§7.3 wrap-around); everything else is unchanged.
    /// </summary>
    internal uint WireAddress(long address) =>
        Profile is { IsBasic: true } p && address < p.ProtectedEnd ? (uint)(address + FlashSize) : (uint)address;

    /// <summary>After CheckCRC, BASIC bootloaders re-protect flash until a LinkCheck arrives (§5).</summary>
    internal async Task RearmAfterCrcAsync(CancellationToken ct)
    {
        if (Profile is { IsBasic: true } && !await PingAsync(CommandTimeout, ct).ConfigureAwait(false))
            throw new BekenTimeoutException("no answer to the LinkCheck after CheckCRC");
    }

    // ---------------------------------------------------------------- baud

    /// <summary>
    /// Switch to <paramref name="target"/> or the fastest lower rung of <see cref="BaudLadder"/> that works; each switch
    /// is verified with LinkChecks. A rate the host adapter refuses is skipped before the chip is told anything. When a
    /// switch loses the chip (it sits at a rate the adapter only pretends to do) and <paramref name="relink"/> is given,
    /// the chip is reset and linked again at 115200 and the ladder goes on below the failed rate. Returns the rate in use.
    /// </summary>
    public async Task<int> SetBaudRateAsync(int target, IProgress<LinkProgress>? progress, CancellationToken ct,
        IReadOnlyList<IResetStrategy>? relink = null)
    {
        if (target == Link.BaudRate) return target;
        var rungs = BaudLadder.Where(r => r < target).Prepend(target).Distinct().Where(r => r != Link.BaudRate && r > LinkBaud).ToList();
        foreach (var rate in rungs)
        {
            if (!HostAccepts(rate))
            {
                progress?.Report(new LinkProgress("baud", $"the adapter refuses {rate} baud, trying lower"));
                continue;
            }
            progress?.Report(new LinkProgress("baud", $"switching to {rate} baud"));
            try
            {
                if (await TrySwitchAsync(rate, ct).ConfigureAwait(false)) return rate;
            }
            catch (BekenTimeoutException) when (relink != null)
            {
                progress?.Report(new LinkProgress("baud", $"lost the chip at {rate} baud (the adapter cannot really do it): resetting it to 115200"));
                try
                {
                    await ConnectAsync(relink, progress, ct).ConfigureAwait(false);
                }
                catch (BekenTimeoutException e)
                {
                    int lower = BaudLadder.FirstOrDefault(r => r < rate, LinkBaud);
                    throw new BekenTimeoutException($"lost the chip at {rate} baud and could not link again: {e.Message}",
                        $"reset the chip (short CEN to GND or power-cycle it) and run again with --baud {lower}; " +
                        "many adapters (CP2102, CH340) cannot really do 2–3 Mbaud");
                }
            }
            progress?.Report(new LinkProgress("baud", $"{rate} baud failed, trying lower"));
        }
        return Link.BaudRate;
    }

    /// <summary>Whether the host port takes <paramref name="rate"/> (some drivers refuse rates they cannot make); the rate is left unchanged.</summary>
    private bool HostAccepts(int rate)
    {
        int old = Link.BaudRate;
        if (!TrySetHostRate(rate)) return false;
        Link.SetBaudRate(old);
        return true;
    }

    private bool TrySetHostRate(int rate)
    {
        try
        {
            Link.SetBaudRate(rate);
            return true;
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException or BkException)
        {
            return false;
        }
    }

    private async Task<bool> TrySwitchAsync(int rate, CancellationToken ct)
    {
        int old = Link.BaudRate;
        var cmd = new SetBaudRateCommand(rate, BekenTimeouts.BaudSwitchDelayMs);
        EnsureSupported(cmd);
        await Transport.DrainAsync(BekenTimeouts.RecoverQuiet, ct).ConfigureAwait(false);
        await Transport.SendAsync(cmd, ct).ConfigureAwait(false);
        await Task.Delay(BekenTimeouts.BaudSwitchDelayMs / 2, ct).ConfigureAwait(false);
        Link.SetBaudRate(rate);
        Transport.Reset();
        var echo = await Transport.ExpectAsync(cmd.ReplyId,
            TimeSpan.FromMilliseconds(BekenTimeouts.BaudSwitchDelayMs) + BekenTimeouts.CommandFloor, ct).ConfigureAwait(false);
        bool ok = echo != null && cmd.ParseReply(echo).Baud == rate;
        for (int i = 0; ok && i < BekenTimeouts.BaudVerifyChecks; i++)
            ok = await PingAsync(BekenTimeouts.ForTransfer(32, rate), ct).ConfigureAwait(false);
        if (ok) return true;

        // Where is the chip now? Try the old rate, then the new one.
        Link.SetBaudRate(old);
        Transport.Reset();
        if (await PingAsync(BekenTimeouts.ForTransfer(32, old), ct).ConfigureAwait(false)) return false;
        Link.SetBaudRate(rate);
        Transport.Reset();
        if (await PingAsync(BekenTimeouts.ForTransfer(32, rate), ct).ConfigureAwait(false))
            return await PingAsync(BekenTimeouts.ForTransfer(32, rate), ct).ConfigureAwait(false);
        Link.SetBaudRate(old);
        throw new BekenTimeoutException($"lost the chip while switching to {rate} baud",
            "reset the chip and retry with a lower --baud (921600 or 115200); CP2102 adapters often fail above 921600");
    }

    // ---------------------------------------------------------------- flash

    public Task<byte[]> ReadAsync(long start, long length, IProgress<FlashProgress>? progress, CancellationToken ct) =>
        new FlashReadEngine(this).ReadAsync(start, length, progress, ct);

    public Task WriteAsync(long start, ReadOnlyMemory<byte> data, bool allowBootloader, IProgress<FlashProgress>? progress, CancellationToken ct) =>
        new FlashWriteEngine(this).WriteAsync(start, data, allowBootloader, progress, ct);

    /// <summary>Compare flash with <paramref name="data"/> by the chip's CRC; returns the sectors that differ.</summary>
    public Task<IReadOnlyList<long>> VerifyAsync(long start, ReadOnlyMemory<byte> data, IProgress<FlashProgress>? progress, CancellationToken ct) =>
        new FlashVerifier(this).DifferingSectorsAsync(start, data, progress, ct);

    // ---------------------------------------------------------------- eFuse and MAC

    /// <summary>SCTRL_EFUSE_CTRL / SCTRL_EFUSE_OPTR (beken-uart-protocol.md §7.2).</summary>
    private const uint EfuseCtrlRegister = 0x800074, EfuseDataRegister = 0x800078;

    public const int EfuseBytes = 32;

    /// <summary>
    /// TLV sector where ltchiptool finds the MAC (§8.1 step 7): 0x1D0000 on BK7231N, 0x1E0000 on BK7231T. The protocol
    /// doc gives no location for other chips, so none is guessed (null).
    /// </summary>
    public long? MacSectorAddress => Profile?.Name switch
    {
        "bk7231n" => 0x1D0000,
        "bk7231t" => 0x1E0000,
        _ => null,
    };

    /// <summary>eFuse is only reachable through ReadReg/WriteReg, which only FULL boot code implements.</summary>
    public bool SupportsEfuse => Profile is { } p && p.ShortCommands.Contains(new ReadRegCommand(0).Id.Opcode)
                                                 && p.ShortCommands.Contains(new WriteRegCommand(0, 0).Id.Opcode);

    /// <summary>
    /// Read the 32 eFuse bytes one by one (§7.2): set the byte index and the start bit in CTRL, wait for the start bit
    /// to clear, take the value from OPTR (bit 8 = valid). Throws <see cref="UnsupportedCommandException"/> when the
    /// boot code has no register access.
    /// </summary>
    public async Task<byte[]> ReadEfuseAsync(CancellationToken ct)
    {
        var result = new byte[EfuseBytes];
        for (int i = 0; i < EfuseBytes; i++)
        {
            uint ctrl = (await ExecuteAsync(new ReadRegCommand(EfuseCtrlRegister), CommandTimeout, ct).ConfigureAwait(false)).Value;
            ctrl = (ctrl & ~0x1F02u) | ((uint)i << 8) | 1u;
            await ExecuteAsync(new WriteRegCommand(EfuseCtrlRegister, ctrl), CommandTimeout, ct).ConfigureAwait(false);
            var deadline = DateTime.UtcNow + BekenTimeouts.EfuseByteReady;
            while (((await ExecuteAsync(new ReadRegCommand(EfuseCtrlRegister), CommandTimeout, ct).ConfigureAwait(false)).Value & 1) != 0)
            {
                if (DateTime.UtcNow > deadline)
                    throw new BekenTimeoutException($"eFuse byte {i} was not ready within {BekenTimeouts.EfuseByteReady.TotalMilliseconds:0} ms",
                        "reset the chip and retry; the eFuse controller did not finish the read");
            }
            uint data = (await ExecuteAsync(new ReadRegCommand(EfuseDataRegister), CommandTimeout, ct).ConfigureAwait(false)).Value;
            if ((data & 0x100) == 0)
                throw new BekenProtocolException($"eFuse byte {i}: the controller says the value is not valid (OPTR 0x{data:x})");
            result[i] = (byte)data;
        }
        return result;
    }

    /// <summary>
    /// The MAC from the TLV sector (§8.1 step 7: bytes 0x1C..0x23 = 02 11 11 11 06 00 00 00, MAC = 0x24..0x29), or
    /// null when that sector holds no MAC record, lies outside the flash, or no location is known for this chip.
    /// </summary>
    public async Task<byte[]?> ReadMacAsync(CancellationToken ct)
    {
        if (MacSectorAddress is not long at || at + SectorSize > FlashSize) return null;
        var sector = await ReadAsync(at, SectorSize, null, ct).ConfigureAwait(false);
        ReadOnlySpan<byte> tag = [0x02, 0x11, 0x11, 0x11, 0x06, 0x00, 0x00, 0x00];
        return sector.AsSpan(0x1C, tag.Length).SequenceEqual(tag) ? sector.AsSpan(0x24, 6).ToArray() : null;
    }

    /// <summary>Reboot into the application (sent three times, no reply expected).</summary>
    public async Task RebootAsync(CancellationToken ct)
    {
        var cmd = new RebootCommand();
        for (int i = 0; i < 3; i++)
        {
            await Transport.SendAsync(cmd, ct).ConfigureAwait(false);
            await Task.Delay(BekenTimeouts.RebootGap, ct).ConfigureAwait(false);
        }
    }
}
