namespace BkConsole.Tests.Tui.Support;

/// <summary>Polls a condition with a generous deadline (threads and ptys are involved; nothing here is timed).</summary>
internal static class Eventually
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    public static async Task True(Func<bool> condition, string what, Action? between = null)
    {
        var until = DateTime.UtcNow + Deadline;
        while (!condition())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException("still waiting for: " + what);
            between?.Invoke();
            await Task.Delay(10);
        }
    }
}
