using BkConsole.Simulator.Uart;

namespace BkConsole.Simulator.Tests.Uart;

public sealed class FaultAndBaudTests
{
    [Fact]
    public void Faults_parse_per_direction()
    {
        var spec = FaultSpec.Parse("rx:drop=0.001,tx:flip=0.0005,stall=0.01:200");
        Assert.Equal(0.001, spec.Rx.Drop);
        Assert.Equal(0, spec.Rx.Flip);
        Assert.Equal(0.0005, spec.Tx.Flip);
        Assert.Equal(TimeSpan.FromMilliseconds(200), spec.Tx.StallTime);
        Assert.Equal(0.02, FaultSpec.Parse("drop=0.02").Tx.Drop);
        Assert.Throws<Core.Errors.UsageException>(() => FaultSpec.Parse("drop=2"));
        Assert.Throws<Core.Errors.UsageException>(() => FaultSpec.Parse("stall=0.1"));
    }

    [Fact]
    public void Faults_are_reproducible_from_the_seed_whatever_the_chunking()
    {
        var data = new byte[20000];
        new Random(9).NextBytes(data);
        var faults = new DirectionFaults(0.01, 0.01, 0, TimeSpan.Zero);
        var whole = new FaultInjector(faults, 77).Apply(data);
        var injector = new FaultInjector(faults, 77);
        var pieces = new List<byte>();
        for (int i = 0; i < data.Length; i += 333) pieces.AddRange(injector.Apply(data.AsSpan(i, Math.Min(333, data.Length - i))));
        Assert.Equal(whole, pieces.ToArray());
        Assert.NotEqual(data, whole);
        Assert.InRange(data.Length - whole.Length, 100, 300); // ≈1% dropped
        Assert.NotEqual(whole, new FaultInjector(faults, 78).Apply(data));
    }

    [Fact]
    public void Matching_rates_pass_bytes_through_and_mismatched_rates_mangle_them()
    {
        var text = "go os_addr(0x10000)..........\r\n"u8.ToArray();
        Assert.Equal(text, BaudMismatch.Resample(text, 115200, 115200));
        Assert.Equal(text, BaudMismatch.Resample(text, 115200, 116000));
        var fast = BaudMismatch.Resample(text, 115200, 921600);
        Assert.True(fast.Length > text.Length);
        var slow = BaudMismatch.Resample(text, 921600, 115200);
        Assert.True(slow.Length < text.Length);
        Assert.DoesNotContain((byte)'g', slow.Take(1));
    }
}
