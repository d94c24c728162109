namespace BkConsole.Logs.Rules;

/// <summary>When matching switches from the regex interpreter to IL-compiled regexes (style.md: named constants in one place).</summary>
internal static class RegexTuning
{
    /// <summary>
    /// Tries of one shape after which it is compiled in the background. Compiling one shape costs about 5–20 ms of
    /// CPU and saves roughly half a microsecond per try, so a shape tried this often in one process is worth it; a
    /// few-thousand-line file compiles next to nothing, a long capture compiles its hot shapes within seconds.
    /// </summary>
    public const int CompileAfterTries = 2000;
}
