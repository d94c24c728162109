using BkConsole.Core.Chips;
using BkConsole.Core.Errors;
using BkConsole.Core.Links;
using BkConsole.Devices.Beken;
using BkConsole.Devices.Beken.Reset;
using BkConsole.Devices.Flash;

namespace BkConsole.Tests.Flash;

/// <summary>
/// The baud fallback ladder (3M → 2M → 1.5M → 921600 → …) when a rate fails — the §13.3 complaint "Failed to set baud
/// rate" — not only the happy path: an adapter whose driver refuses a rate, and one that accepts it but cannot make it.
/// </summary>
public sealed class BaudLadderTests
{
    private static CancellationToken Timeout(int seconds = 60) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    [Fact]
    public async Task A_rate_the_adapter_refuses_is_skipped_before_the_chip_is_told_and_the_next_rung_works()
    {
        var chip = ChipProfiles.Bk7231N;
        await using var rig = new SimRig(chip);
        var adapter = new LimitedAdapter(rig.Link, maxBaud: 1_500_000, refuses: true);
        var notes = new Notes();
        await using (var session = await FlashSession.OpenAsync(adapter, SimRig.Session(chip, 3_000_000) with { RebootWhenDone = false }, notes, Timeout()))
        {
            Assert.Equal(1_500_000, session.Baud);
            Assert.Equal(1_500_000, rig.Device.Bootloader.Baud);
            var data = await session.Client.ReadAsync(0x11000, 0x10000, null, Timeout());
            Assert.Equal(rig.Flash.AsSpan(0x11000, 0x10000).ToArray(), data);
        }
        Assert.Contains(notes.Lines, n => n.Contains("refuses 3000000"));
        Assert.Contains(notes.Lines, n => n.Contains("refuses 2000000"));
    }

    [Fact]
    public async Task A_rate_the_adapter_only_pretends_to_make_loses_the_chip_which_is_reset_and_the_ladder_goes_lower()
    {
        var chip = ChipProfiles.Bk7252;
        await using var rig = new SimRig(chip);
        var adapter = new LimitedAdapter(rig.Link, maxBaud: 2_000_000, refuses: false); // "3M" comes out at 2M
        var notes = new Notes();
        var options = SimRig.Session(chip, 3_000_000) with { ResetStrategies = [new PowerCycleReset(rig, adapter)], RebootWhenDone = false };
        await using (var session = await FlashSession.OpenAsync(adapter, options, notes, Timeout()))
        {
            Assert.Equal(2_000_000, session.Baud);
            Assert.Equal(2_000_000, rig.Device.Bootloader.Baud);
            var data = await session.Client.ReadAsync(0, 0x12000, null, Timeout());
            Assert.Equal(rig.Flash.AsSpan(0, 0x12000).ToArray(), data);
        }
        Assert.Equal(1, adapter.Resets);
        Assert.Contains(notes.Lines, n => n.Contains("lost the chip at 3000000"));
    }

    [Fact]
    public async Task Without_a_way_to_reset_a_lost_chip_the_error_says_what_to_do()
    {
        var chip = ChipProfiles.Bk7231T;
        await using var rig = new SimRig(chip);
        var adapter = new LimitedAdapter(rig.Link, maxBaud: 2_000_000, refuses: false);
        var options = SimRig.Session(chip, 3_000_000) with { ResetStrategies = [] };
        var e = await Assert.ThrowsAnyAsync<BkException>(() => FlashSession.OpenAsync(adapter, options, null, Timeout()));
        Assert.Contains("lost the chip at 3000000 baud", e.Message);
        Assert.Contains("--baud 2000000", e.Advice);
    }

    /// <summary>A USB-UART adapter that cannot do rates above <c>maxBaud</c>: its driver either refuses them, or accepts
    /// them and silently runs at <c>maxBaud</c> (what a CP2102 asked for 3 Mbaud does).</summary>
    private sealed class LimitedAdapter(ISerialLink inner, int maxBaud, bool refuses) : ISerialLink
    {
        private int _asked = inner.BaudRate;

        public int Resets { get; set; }

        public string PortName => "limited-adapter";

        public int BaudRate => _asked;

        public void SetBaudRate(int baud)
        {
            if (baud > maxBaud && refuses) throw new IOException($"baud rate {baud} not supported by this adapter");
            _asked = baud;
            inner.SetBaudRate(Math.Min(baud, maxBaud));
        }

        public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken) => inner.ReadAsync(buffer, cancellationToken);

        public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) => inner.WriteAsync(data, cancellationToken);

        public void DiscardInput() => inner.DiscardInput();

        public IModemLines? ModemLines => null;

        public string? ModemLinesUnavailableReason => "test adapter";

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>CEN wired to the adapter: a power cycle of the simulated chip (which comes back in download mode at 115200).</summary>
    private sealed class PowerCycleReset(SimRig rig, LimitedAdapter adapter) : IResetStrategy
    {
        public string Name => "test power cycle";

        public TimeSpan Window => TimeSpan.FromSeconds(2);

        public string? UnavailableReason(ISerialLink link) => null;

        public async Task ResetAsync(ISerialLink link, IProgress<LinkProgress>? progress, CancellationToken ct)
        {
            adapter.Resets++;
            rig.Device.PowerOff();
            await Task.Delay(100, ct);
            rig.Device.PowerOn(rig.Cable.Device);
        }
    }

    private sealed class Notes : IProgress<FlashProgress>
    {
        public List<string> Lines { get; } = [];

        public void Report(FlashProgress value)
        {
            if (value.Note != null) lock (Lines) Lines.Add(value.Note);
        }
    }
}
