using BkConsole.Devices.Spi;
using BkConsole.Devices.Spi.Ch341a;
using BkConsole.Devices.Tests.Spi;
using BkConsole.Devices.Usb;

namespace BkConsole.Devices.Tests.Usb;

public sealed class UsbTraceTransportTests
{
    [Fact]
    public void Every_bulk_transfer_becomes_one_OUT_or_IN_line_of_hex_bytes()
    {
        var usb = new ScriptedUsb(0x00, 0xD0, 0x02, 0x68);
        var text = new StringWriter();
        using (var master = new Ch341aSpiMaster(new UsbTraceTransport(usb, text)))
            new Spi25(master).ReadJedecId(CancellationToken.None);

        var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("OUT 02 AA 61 00", lines[0]);
        Assert.Equal("OUT 02 AB B7 7F 20", lines[1]);
        Assert.StartsWith("OUT 02 AB B7 B7 B7 B6 20 00", lines[2]);
        Assert.EndsWith("A8 F9 FF FF FF", lines[2]);
        Assert.Equal("IN 82 00 D0 02 68", lines[3]);
        Assert.Equal("OUT 02 AB B7 7F 20", lines[4]);
        Assert.Equal("OUT 02 AB B7 40 20", lines[5]);
        Assert.Equal(6, lines.Length);
    }
}
