namespace BkConsole.Devices.Flash;

/// <summary>IProgress that calls back on the reporting thread (Progress&lt;T&gt; posts to a context and can reorder).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
