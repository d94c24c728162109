namespace BkConsole.Benchmarks;

/// <summary>
/// One benchmark suite of the <c>--bench</c> harness. Each area adds a class implementing this in its own file;
/// <see cref="Program"/> finds them by reflection. A suite prints its figures (one "name: value unit" per line)
/// and returns 0, or non-zero when a goal it checks was missed.
/// </summary>
public interface IBenchSuite
{
    string Name { get; }

    string Description { get; }

    int Run(string[] args, TextWriter output);
}
