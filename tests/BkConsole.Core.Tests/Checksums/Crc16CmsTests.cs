using BkConsole.Core.Checksums;

namespace BkConsole.Core.Tests.Checksums;

public class Crc16CmsTests
{
    [Fact]
    public void Standard_check_value_of_CRC16_CMS()
    {
        // CRC-16/CMS catalogue check value for "123456789".
        Assert.Equal(0xAEE7, Crc16Cms.Compute("123456789"u8));
    }
}
