using BkConsole.Core.Errors;
using BkConsole.Simulator.Flash;
using BkConsole.Simulator.Pty;
using BkConsole.Simulator.Uart;

namespace BkConsole.Simulator.Device;

/// <summary>
/// A simulated device on a fresh pty, started in-process: <c>using var sim = SimHost.Start(options, "/tmp/bk");</c>
/// then open <see cref="SlavePath"/> (or the link) with any serial client. <see cref="Unplug"/>/<see cref="Replug"/>
/// make the port vanish (hosts get EIO) and come back as a new pty behind the same link path, with a cold boot.
/// </summary>
public sealed class SimHost : IDisposable
{
    private readonly object _gate = new();
    private readonly Timer? _plugTimer;
    private readonly TimeSpan _unplugAfter;
    private readonly TimeSpan _replugAfter;
    private PtyChannel? _channel;
    private bool _disposed;

    private SimHost(SimOptions options, SimFlash flash, string? linkPath, TimeSpan? unplugAfter, TimeSpan? replugAfter)
    {
        Options = options;
        LinkPath = linkPath;
        _channel = new PtyChannel(PseudoTerminal.Open());
        UpdateLink();
        Device = new SimulatedDevice(_channel, options, flash);
        if (unplugAfter is { } u && u > TimeSpan.Zero)
        {
            _unplugAfter = u;
            _replugAfter = replugAfter ?? TimeSpan.FromSeconds(2);
            _plugTimer = new Timer(_ => PlugCycle(), null, _unplugAfter, Timeout.InfiniteTimeSpan);
        }
    }

    public SimOptions Options { get; }

    public SimulatedDevice Device { get; }

    /// <summary>The current /dev/pts/N (changes after a replug).</summary>
    public string SlavePath
    {
        get { lock (_gate) return _channel?.Name ?? ""; }
    }

    public string? LinkPath { get; }

    public bool Plugged
    {
        get { lock (_gate) return _channel != null; }
    }

    /// <summary>Raised with the new slave path after each replug, and with "" on unplug.</summary>
    public event Action<string>? PortChanged;

    /// <summary>Creates the pty, points <paramref name="linkPath"/> at it and powers the device on.</summary>
    public static SimHost Start(SimOptions options, string? linkPath = null, SimFlash? flash = null,
        TimeSpan? unplugAfter = null, TimeSpan? replugAfter = null)
    {
        flash ??= new SimFlash(FlashImageBuilder.Build(options.Chip, options.Seed));
        if (flash.Size != options.Chip.FlashSize)
            throw new BkException($"flash image is {flash.Size} bytes, {options.Chip.Name} has {options.Chip.FlashSize}", "pass an image of the chip's flash size");
        if (linkPath != null) CheckLinkPath(linkPath);
        var host = new SimHost(options, flash, linkPath, unplugAfter, replugAfter);
        host.Device.Start();
        return host;
    }

    private static void CheckLinkPath(string linkPath)
    {
        var info = new FileInfo(linkPath);
        if (info.Exists && info.LinkTarget == null)
            throw new BkException($"--link {linkPath} exists and is not a symlink", "choose another path; the simulator only replaces its own symlinks");
        var dir = Path.GetDirectoryName(Path.GetFullPath(linkPath));
        if (dir != null && !Directory.Exists(dir))
            throw new BkException($"--link {linkPath}: folder {dir} does not exist", "create the folder or pick a path like /tmp/bk7252");
    }

    private void UpdateLink()
    {
        if (LinkPath == null) return;
        try
        {
            if (File.Exists(LinkPath) || new FileInfo(LinkPath).LinkTarget != null) File.Delete(LinkPath);
            if (_channel != null) File.CreateSymbolicLink(LinkPath, _channel.Name);
        }
        catch (IOException ex)
        {
            throw new BkException($"cannot create the link {LinkPath}: {ex.Message}", "check the folder's permissions");
        }
    }

    /// <summary>The USB adapter is pulled: the pty disappears (hosts get EIO), the link is removed, the device loses power.</summary>
    public void Unplug()
    {
        lock (_gate)
        {
            if (_channel == null || _disposed) return;
            Device.PowerOff();
            _channel.Dispose();
            _channel = null;
            try { UpdateLink(); } catch (BkException) { }
        }
        PortChanged?.Invoke("");
    }

    /// <summary>Plugged back in: a new pty behind the same link path, and a cold boot.</summary>
    public void Replug()
    {
        string path;
        lock (_gate)
        {
            if (_channel != null || _disposed) return;
            _channel = new PtyChannel(PseudoTerminal.Open());
            try { UpdateLink(); } catch (BkException) { }
            Device.PowerOn(_channel);
            path = _channel.Name;
        }
        PortChanged?.Invoke(path);
    }

    private void PlugCycle()
    {
        if (_disposed) return;
        if (Plugged)
        {
            Unplug();
            _plugTimer?.Change(_replugAfter, Timeout.InfiniteTimeSpan);
        }
        else
        {
            Replug();
            _plugTimer?.Change(_unplugAfter, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Stops the device, saves the flash (with --persist), closes the pty and removes the link.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
        }
        _plugTimer?.Dispose();
        Device.Dispose();
        lock (_gate)
        {
            _channel?.Dispose();
            _channel = null;
            if (LinkPath != null)
            {
                try
                {
                    if (new FileInfo(LinkPath).LinkTarget != null) File.Delete(LinkPath);
                }
                catch (IOException) { }
            }
        }
    }
}
