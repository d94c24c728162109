using System.Text.Json;

namespace BkConsole.Tui.Dump;

/// <summary>
/// Remembers, per device, which way its flash is read (the log port itself, another adapter on UART1, or the CH341A SPI programmer), so
/// the one-key dump asks only once. Kept as a small JSON file in the user config folder.
/// </summary>
public sealed class FlashPortMemory
{
    /// <summary>The answer meaning "the same port as the log".</summary>
    public const string SamePort = "same";

    /// <summary>The answer meaning "the CH341A SPI programmer" (the emulator in the demo).</summary>
    public const string Spi = "spi";

    private readonly string _path;

    public FlashPortMemory(string path) => _path = path;

    public static string DefaultPath()
    {
        var config = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        if (string.IsNullOrEmpty(config))
            config = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return Path.Combine(config, "bkconsole", "flash-ports.json");
    }

    public string? Get(string device) => Load().TryGetValue(device, out var port) ? port : null;

    public void Set(string device, string port)
    {
        var all = Load();
        all[device] = port;
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        var tmp = _path + ".tmp";
        File.WriteAllText(tmp, JsonSerializer.Serialize(all, new JsonSerializerOptions { WriteIndented = true }));
        File.Move(tmp, _path, overwrite: true);
    }

    private Dictionary<string, string> Load()
    {
        try
        {
            if (!File.Exists(_path)) return new(StringComparer.Ordinal);
            return JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(_path)) ?? new(StringComparer.Ordinal);
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            return new(StringComparer.Ordinal);
        }
    }
}
