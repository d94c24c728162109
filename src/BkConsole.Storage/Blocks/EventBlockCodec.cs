using BkConsole.Core.Events;

namespace BkConsole.Storage.Blocks;

/// <summary>
/// The events of one commit packed into one deflated payload: a string table (kinds, field names, rule ids,
/// text values) and per event small deltas. Event texts are stored as given (they are usually the line's text).
/// </summary>
internal static class EventBlockCodec
{
    public static byte[] Encode(IReadOnlyList<LogEvent> events, int baseLine, PackWriter table, PackWriter body)
    {
        table.Clear();
        body.Clear();
        var strings = new Dictionary<string, int>(StringComparer.Ordinal);
        var order = new List<string>();
        int Str(string s)
        {
            if (!strings.TryGetValue(s, out int i))
            {
                i = order.Count;
                strings.Add(s, i);
                order.Add(s);
            }
            return i;
        }
        body.VarU((ulong)events.Count);
        long prevSeq = 0;
        foreach (var e in events)
        {
            body.VarU((ulong)(e.LineNo - baseLine));
            body.VarS(e.Seq - prevSeq);
            prevSeq = e.Seq;
            body.Byte((byte)e.Severity);
            body.VarU((ulong)Str(e.Kind));
            body.VarU((ulong)e.Boot);
            body.VarU(e.Rule is null ? 0UL : (ulong)Str(e.Rule) + 1);
            body.String(e.Text);
            body.VarU((ulong)e.Fields.Count);
            foreach (var f in e.Fields)
            {
                body.VarU((ulong)Str(f.Name));
                body.Byte((byte)f.Type);
                if (f.Type == FieldType.Text) body.VarU(f.Text is null ? 0UL : (ulong)Str(f.Text) + 1);
                else body.VarS(f.Number);
            }
        }
        table.VarU((ulong)order.Count);
        foreach (var s in order) table.String(s);
        table.Bytes(body.Span);
        return table.ToCompressed();
    }

    public static List<LogEvent> Decode(byte[] compressed, int baseLine)
    {
        var payload = PackReader.Inflate(compressed);
        var r = new PackReader(payload);
        var strings = new string[r.Int()];
        for (int i = 0; i < strings.Length; i++) strings[i] = r.String();
        string Str(int i) => (uint)i < (uint)strings.Length ? strings[i] : throw new InvalidDataException("bad string index in event block");
        int count = r.Int();
        var result = new List<LogEvent>(count);
        long seq = 0;
        for (int n = 0; n < count; n++)
        {
            int line = baseLine + r.Int();
            seq += r.VarS();
            var severity = (Severity)r.Byte();
            var kind = Str(r.Int());
            int boot = r.Int();
            int rule = r.Int();
            var text = r.String();
            var fields = new EventField[r.Int()];
            for (int i = 0; i < fields.Length; i++)
            {
                var name = Str(r.Int());
                var type = (FieldType)r.Byte();
                if (type == FieldType.Text)
                {
                    int v = r.Int();
                    fields[i] = new EventField(name, type, v == 0 ? null : Str(v - 1), 0);
                }
                else
                {
                    fields[i] = new EventField(name, type, null, r.VarS());
                }
            }
            result.Add(new LogEvent(kind, severity, seq, line, text, fields)
            {
                Boot = boot,
                Rule = rule == 0 ? null : Str(rule - 1),
            });
        }
        return result;
    }
}
