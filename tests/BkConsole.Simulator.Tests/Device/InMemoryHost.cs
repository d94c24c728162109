using System.Text;
using BkConsole.Core.Links;
using BkConsole.Simulator.Device;
using BkConsole.Simulator.Uart;

namespace BkConsole.Simulator.Tests.Device;

/// <summary>A device on an in-memory link, read through the host's <see cref="ISerialLink"/>.</summary>
internal sealed class InMemoryHost : IAsyncDisposable
{
    private readonly StringBuilder _text = new();

    public InMemoryHost(SimOptions options)
    {
        Link = new InMemoryLink();
        Device = new SimulatedDevice(Link.Device, options);
        Device.Start();
    }

    public InMemoryLink Link { get; }

    public SimulatedDevice Device { get; }

    public string Text => _text.ToString();

    public async Task<string> ReadUntilAsync(TimeSpan timeout, Func<string, bool> done)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buf = new byte[8192];
        try
        {
            while (!done(_text.ToString()))
            {
                int n = await Link.Host.ReadAsync(buf, cts.Token);
                _text.Append(Encoding.Latin1.GetString(buf, 0, n));
            }
        }
        catch (OperationCanceledException)
        {
        }
        return _text.ToString();
    }

    public Task<string> ReadUntilAsync(params string[] markers) =>
        ReadUntilAsync(TimeSpan.FromSeconds(15), t => markers.All(m => t.Contains(m, StringComparison.Ordinal)));

    public ValueTask WriteAsync(string hexOrText, bool hex = false) =>
        Link.Host.WriteAsync(hex ? Convert.FromHexString(hexOrText.Replace(" ", "")) : Encoding.ASCII.GetBytes(hexOrText), CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Link.Host.DisposeAsync();
        Device.Dispose();
        Link.Device.Dispose();
    }
}
