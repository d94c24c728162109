using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using BkConsole.Core.Events;

namespace BkConsole.Logs.Json;

/// <summary>
/// The JSON output contract of event-kinds.md: one object per event or boot, written as JSON Lines.
/// Addresses are lower-case hex strings (<c>"0x10000"</c>), counts and codes numbers, everything else strings;
/// unknown boot facts are <c>null</c>.
/// </summary>
public sealed class LogJson : IDisposable
{
    private static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    private readonly TextWriter _output;
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _writer;

    /// <summary>Writes JSON Lines to <paramref name="output"/> (one object and a newline per call).</summary>
    public LogJson(TextWriter output)
    {
        _output = output;
        _writer = new Utf8JsonWriter(_buffer, Options);
    }

    /// <summary><c>{"file","boot","line","kind","severity","fields":{…},"text"}</c></summary>
    public void WriteEvent(string file, LogEvent ev)
    {
        var w = _writer;
        w.WriteStartObject();
        w.WriteString("file", file);
        w.WriteNumber("boot", ev.Boot);
        w.WriteNumber("line", ev.LineNo);
        w.WriteString("kind", ev.Kind);
        w.WriteString("severity", ev.Severity.ToJson());
        w.WritePropertyName("fields");
        WriteFields(w, ev.Fields);
        w.WriteString("text", ev.Text);
        w.WriteEndObject();
        EndLine();
    }

    /// <summary><c>{"file","boot","firstLine","lastLine","bootloader","firmware","jump","resetReason","events"}</c></summary>
    public void WriteBoot(string file, BootRecord boot)
    {
        var w = _writer;
        w.WriteStartObject();
        w.WriteString("file", file);
        w.WriteNumber("boot", boot.Index);
        w.WriteNumber("firstLine", boot.FirstLine);
        w.WriteNumber("lastLine", boot.LastLine);
        WriteNullable(w, "bootloader", boot.Bootloader);
        WriteNullable(w, "firmware", boot.Firmware);
        WriteNullable(w, "jump", boot.Jump is { } j ? FormatAddress(j) : null);
        WriteNullable(w, "resetReason", boot.ResetReason);
        w.WriteNumber("events", boot.Events);
        w.WriteEndObject();
        EndLine();
    }

    public static void WriteFields(Utf8JsonWriter w, IReadOnlyList<EventField> fields)
    {
        w.WriteStartObject();
        foreach (var f in fields)
        {
            switch (f.Type)
            {
                case FieldType.Number: w.WriteNumber(f.Name, f.Number); break;
                case FieldType.Address: w.WriteString(f.Name, FormatAddress(unchecked((ulong)f.Number))); break;
                default: w.WriteString(f.Name, f.Text); break;
            }
        }
        w.WriteEndObject();
    }

    public static string FormatAddress(ulong a) => "0x" + a.ToString("x", System.Globalization.CultureInfo.InvariantCulture);

    private static void WriteNullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value == null) w.WriteNull(name);
        else w.WriteString(name, value);
    }

    private void EndLine()
    {
        _writer.Flush();
        _output.Write(Encoding.UTF8.GetString(_buffer.WrittenSpan));
        _output.Write('\n');
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
    }

    public void Dispose() => _writer.Dispose();
}
