namespace BkConsole.Logs.Rules;

/// <summary>When matching switches from the regex interpreter to IL-compiled regexes (style.md: named constants in one place).</summary>
internal static class RegexTuning
{
    /// <summary>
    /// Tries of one shape after which it is compiled in the background. Compiling one shape costs about 5–20 ms of
    /// CPU (IL generation plus JIT) and saves roughly half a microsecond per try (parse-split: classifier 487 ns/line
    /// interpreted against 340 compiled at 0.26 tries/line), so compiling pays only after some 10,000–40,000 tries.
    /// Compiling once the interpreter has already spent about what compiling costs keeps either choice within twice
    /// the better one (ski rental). At 2,000 a one-shot 1M-line parse compiled dozens of shapes it never recouped.
    /// </summary>
    public const int CompileAfterTries = 20_000;
}
