using BkConsole.Devices.Serial;
using BkConsole.TestKit;

namespace BkConsole.Devices.Tests.Serial;

public sealed class PortListerTests
{
    [Fact]
    public void Usb_adapters_real_uarts_and_by_id_names_are_listed_and_placeholder_uarts_are_not()
    {
        using var root = new TempFolder("ports");
        var dev = Directory.CreateDirectory(root.File("dev")).FullName;
        var sys = Directory.CreateDirectory(root.File("sys")).FullName;
        var byId = Directory.CreateDirectory(root.File("byid")).FullName;
        foreach (var n in new[] { "ttyUSB1", "ttyUSB0", "ttyUSB10", "ttyACM0", "ttyS0", "ttyS1", "tty0", "null" })
            File.WriteAllText(Path.Combine(dev, n), "");
        Directory.CreateDirectory(Path.Combine(sys, "ttyS0"));
        File.WriteAllText(Path.Combine(sys, "ttyS0", "type"), "4\n");
        Directory.CreateDirectory(Path.Combine(sys, "ttyS1"));
        File.WriteAllText(Path.Combine(sys, "ttyS1", "type"), "0\n");
        File.CreateSymbolicLink(Path.Combine(byId, "usb-1a86_USB_Serial-if00-port0"), Path.Combine(dev, "ttyUSB1"));

        var ports = PortLister.List(dev, sys, byId);

        Assert.Equal(new[] { "ttyACM0", "ttyS0", "ttyUSB0", "ttyUSB1", "ttyUSB10" }, ports.Select(p => Path.GetFileName(p.Path)));
        var ch340 = ports.Single(p => p.Path.EndsWith("ttyUSB1"));
        Assert.EndsWith("usb-1a86_USB_Serial-if00-port0", ch340.ById);
        Assert.Contains("usb-1a86", ch340.ToString());
    }
}
