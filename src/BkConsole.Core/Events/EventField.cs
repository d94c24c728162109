using System.Globalization;

namespace BkConsole.Core.Events;

/// <summary>How a field is written in JSON: address = lower-case hex string, number = JSON number, text = string.</summary>
public enum FieldType : byte
{
    Text,
    Number,
    Address,
}

/// <summary>One captured field of an event. Names are camelCase (event-kinds.md).</summary>
public readonly record struct EventField(string Name, FieldType Type, string? Text, long Number)
{
    public static EventField Of(string name, string text) => new(name, FieldType.Text, text, 0);
    public static EventField Of(string name, long number) => new(name, FieldType.Number, null, number);
    public static EventField Address(string name, ulong address) => new(name, FieldType.Address, null, unchecked((long)address));

    /// <summary>The value as a user reads it: <c>0x10000</c>, <c>42</c> or the text.</summary>
    public string Display => Type switch
    {
        FieldType.Address => "0x" + unchecked((ulong)Number).ToString("x", CultureInfo.InvariantCulture),
        FieldType.Number => Number.ToString(CultureInfo.InvariantCulture),
        _ => Text ?? "",
    };

    public override string ToString() => $"{Name}={Display}";
}
