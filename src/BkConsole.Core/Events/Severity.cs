namespace BkConsole.Core.Events;

/// <summary>Severity of an event or finding; names are the lower-case JSON spelling.</summary>
public enum Severity
{
    Debug,
    Info,
    Notice,
    Warning,
    Error,
    Critical,
}

public static class SeverityNames
{
    public static string ToJson(this Severity s) => s switch
    {
        Severity.Debug => "debug",
        Severity.Info => "info",
        Severity.Notice => "notice",
        Severity.Warning => "warning",
        Severity.Error => "error",
        Severity.Critical => "critical",
        _ => throw new ArgumentOutOfRangeException(nameof(s)),
    };

    public static bool TryParse(string text, out Severity severity)
    {
        switch (text.ToLowerInvariant())
        {
            case "debug": severity = Severity.Debug; return true;
            case "info": severity = Severity.Info; return true;
            case "notice": severity = Severity.Notice; return true;
            case "warning": case "warn": severity = Severity.Warning; return true;
            case "error": severity = Severity.Error; return true;
            case "critical": severity = Severity.Critical; return true;
            default: severity = Severity.Info; return false;
        }
    }
}
