using System.Text;
using System.Text.Json;
using BkConsole.Devices.Beken;

namespace BkConsole.Cli;

/// <summary>
/// `flash info --json`: every field of <see cref="ChipIdentity"/> as one JSON object, with null (and a *Unavailable
/// reason) where the chip or its boot code cannot tell, so scripts never have to parse the text form.
/// </summary>
internal static class FlashInfoJson
{
    public static string Render(ChipIdentity id, string? keyKind)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("chip", id.Chip.Name);
            w.WriteBoolean("chipConfirmed", id.ChipConfirmed);
            w.WriteString("chipDescription", id.Chip.Description);
            w.WriteString("protocol", id.Chip.Family.ToString());
            w.WriteString("crcEnd", id.Chip.CrcEndInclusive ? "inclusive" : "exclusive");
            w.WriteString("bootloader", id.BootloaderName);
            w.WriteString("bootloaderCrc32", $"0x{~id.BootloaderCrc:x8}");
            w.WriteString("bootloaderChipCrc", $"0x{id.BootloaderCrc:x8}");
            Nullable(w, "bootVersion", id.BootVersion);
            Nullable(w, "chipIdRegister", id.ChipIdRegister is uint c ? $"0x{c:x}" : null);
            w.WriteNumber("flashSize", id.FlashSize);
            w.WriteString("flashSizeSource", id.FlashSizeSource);
            Nullable(w, "jedec", id.Jedec?.Hex);
            Nullable(w, "statusRegister", id.StatusRegister is ushort sr ? $"0x{sr:x4}" : null);
            if (id.Protected is bool p) w.WriteBoolean("protected", p);
            else w.WriteNull("protected");
            Nullable(w, "protectedArea", id.Chip.IsBasic ? $"0x0-0x{id.Chip.ProtectedEnd - 1:x} (boot code; read via the address wrap)" : null);
            Nullable(w, "efuseKey", id.EncryptionKey);
            Nullable(w, "efuseKeyKind", keyKind);
            Nullable(w, "efuse", id.Efuse is { } e ? Convert.ToHexStringLower(e) : null);
            Nullable(w, "efuseUnavailable", id.EfuseUnavailable);
            Nullable(w, "mac", id.MacText);
            Nullable(w, "macSource", id.MacSource);
            w.WriteStartArray("notes");
            foreach (var n in id.Notes) w.WriteStringValue(n);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Nullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value == null) w.WriteNull(name);
        else w.WriteString(name, value);
    }
}
