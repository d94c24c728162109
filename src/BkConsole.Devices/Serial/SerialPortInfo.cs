namespace BkConsole.Devices.Serial;

/// <summary>A serial port found on this machine: its device path and, when udev gave it one, its stable by-id name.</summary>
public sealed record SerialPortInfo(string Path, string? ById)
{
    public override string ToString() => ById == null ? Path : $"{Path} ({System.IO.Path.GetFileName(ById)})";
}
