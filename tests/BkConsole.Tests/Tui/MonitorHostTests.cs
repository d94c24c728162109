using BkConsole.Core.Errors;
using BkConsole.Storage;
using BkConsole.TestKit;
using BkConsole.Tui.Host;
using BkConsole.Tui.Session;

namespace BkConsole.Tests.Tui;

public sealed class MonitorHostTests
{
    [Fact]
    public async Task A_monitor_on_a_missing_port_fails_with_advice_and_leaves_no_empty_capture_in_the_store()
    {
        using var folder = new TempFolder("monitor-host");
        var db = folder.File("bk.db");
        var options = new MonitorOptions { Port = folder.File("ttyUSB-gone"), Baud = 115200, DbPath = db };

        var ex = await Assert.ThrowsAnyAsync<BkException>(() => MonitorHost.RunAsync(options));

        Assert.Contains("ttyUSB-gone", ex.Message);
        using var store = BkStore.Open(db);
        Assert.Empty(store.Captures());
    }
}
