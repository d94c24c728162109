namespace BkConsole.Devices.Serial;

/// <summary>
/// Serial ports worth offering: USB adapters (/dev/ttyUSB*, /dev/ttyACM*), on-board UARTs (/dev/ttyS*) that have a
/// real port behind them (sysfs type ≠ 0), and the /dev/serial/by-id names mapped to their targets.
/// </summary>
public static class PortLister
{
    private const string ById = "/dev/serial/by-id";

    public static IReadOnlyList<SerialPortInfo> List() => List("/dev", "/sys/class/tty", ById);

    internal static IReadOnlyList<SerialPortInfo> List(string dev, string sysTty, string byId)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Directory.Exists(byId))
        {
            foreach (var link in Directory.EnumerateFileSystemEntries(byId))
            {
                var target = PortHolder.Resolve(link);
                names.TryAdd(target, link);
            }
        }
        var ports = new List<SerialPortInfo>();
        if (!Directory.Exists(dev)) return ports;
        foreach (var path in Directory.EnumerateFileSystemEntries(dev, "tty*"))
        {
            var name = Path.GetFileName(path);
            bool usb = name.StartsWith("ttyUSB", StringComparison.Ordinal) || name.StartsWith("ttyACM", StringComparison.Ordinal);
            bool uart = name.StartsWith("ttyS", StringComparison.Ordinal) && HasRealUart(Path.Combine(sysTty, name));
            if (usb || uart) ports.Add(new SerialPortInfo(path, names.GetValueOrDefault(path)));
        }
        ports.Sort((a, b) => CompareNatural(a.Path, b.Path));
        return ports;
    }

    /// <summary>"ports present: …" for error messages.</summary>
    public static string Describe()
    {
        var ports = List();
        return ports.Count == 0
            ? "no serial ports found (is the USB-UART adapter plugged in? check `dmesg | tail`)"
            : "ports present: " + string.Join(", ", ports);
    }

    private static bool HasRealUart(string sysEntry)
    {
        try
        {
            var type = Path.Combine(sysEntry, "type");
            return File.Exists(type) && File.ReadAllText(type).Trim() != "0";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    private static int CompareNatural(string a, string b)
    {
        var pa = a.TrimEnd("0123456789".ToCharArray());
        var pb = b.TrimEnd("0123456789".ToCharArray());
        int c = string.CompareOrdinal(pa, pb);
        if (c != 0) return c;
        int.TryParse(a.AsSpan(pa.Length), out int na);
        int.TryParse(b.AsSpan(pb.Length), out int nb);
        return na.CompareTo(nb);
    }
}
