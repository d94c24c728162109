using BkConsole.Logs.Diagnosis;

namespace BkConsole.Benchmarks;

/// <summary>The real logs parsed once into diagnosis inputs (for <see cref="DiagBench"/>).</summary>
internal static class DiagBenchCorpus
{
    public static IReadOnlyList<DiagnosisInput> Load() => [];
}
