using System.IO.Ports;
using System.Text;
using BkConsole.Core.Chips;
using BkConsole.Simulator.Device;

namespace BkConsole.Simulator.Tests;

/// <summary>A simulator on a real pty with a real SerialPort opened on its slave — the way users connect.</summary>
internal sealed class SimPort : IDisposable
{
    public SimPort(ChipProfile chip, bool download = true, string scenario = "normal", string? link = null, int seed = 1)
    {
        Host = SimHost.Start(new SimOptions { Chip = chip, Pacing = false, StartInDownloadMode = download, Scenario = scenario, Seed = seed }, link);
        Port = Open(link ?? Host.SlavePath);
    }

    public SimHost Host { get; }

    public SerialPort Port { get; private set; }

    public static SerialPort Open(string path)
    {
        var port = new SerialPort(path, 115200, Parity.None, 8, StopBits.One) { ReadTimeout = 100, WriteTimeout = 2000, ReadBufferSize = 1 << 16 };
        port.Open();
        return port;
    }

    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    public void Send(string hex) => Send(Hex(hex));

    public void Send(byte[] data) => Port.Write(data, 0, data.Length);

    public byte[] Read(int count, int timeoutMs = 5000)
    {
        var got = new byte[count];
        int have = 0;
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (have < count && DateTime.UtcNow < deadline)
        {
            try { have += Port.Read(got, have, count - have); }
            catch (TimeoutException) { }
        }
        return got[..have];
    }

    /// <summary>Everything that arrives within the time (for "nothing comes back" checks).</summary>
    public byte[] ReadFor(int ms)
    {
        var all = new List<byte>();
        var buf = new byte[4096];
        var deadline = DateTime.UtcNow.AddMilliseconds(ms);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                int n = Port.Read(buf, 0, buf.Length);
                all.AddRange(buf.AsSpan(0, n).ToArray());
            }
            catch (TimeoutException) { }
        }
        return all.ToArray();
    }

    /// <summary>Reads text until it contains every marker (in order of appearance not required) or the time is up.</summary>
    public string ReadUntil(int timeoutMs, params string[] markers) => new SimPortReader(Port).ReadUntil(timeoutMs, markers);

    public void Dispose()
    {
        try { Port.Dispose(); } catch (IOException) { }
        Host.Dispose();
    }
}

/// <summary>Text reading on a bare SerialPort.</summary>
internal sealed class SimPortReader(SerialPort port)
{
    public string ReadUntil(int timeoutMs, params string[] markers)
    {
        var text = new StringBuilder();
        var buf = new byte[4096];
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (DateTime.UtcNow < deadline && !markers.All(m => text.ToString().Contains(m, StringComparison.Ordinal)))
        {
            try
            {
                int n = port.Read(buf, 0, buf.Length);
                text.Append(Encoding.Latin1.GetString(buf, 0, n));
            }
            catch (TimeoutException) { }
        }
        return text.ToString();
    }
}
