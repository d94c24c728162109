using BkConsole.Core.Chips;
using BkConsole.Core.Errors;
using BkConsole.Devices.Beken;
using BkConsole.Devices.Flash;

namespace BkConsole.Tests.Flash;

/// <summary>End to end: the real client against the simulated boot code of every chip profile.</summary>
public sealed class FlashClientTests
{
    public static TheoryData<string> Chips => new(ChipProfiles.Names);

    private static CancellationToken Timeout(int seconds = 60) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    [Theory]
    [MemberData(nameof(Chips))]
    public async Task Auto_identification_finds_the_family_and_flash_size(string name)
    {
        var chip = ChipProfiles.Get(name);
        await using var rig = new SimRig(chip);
        var client = await rig.LinkedClientAsync(null, Timeout());
        var id = client.Identity!;
        Assert.Equal(chip.Family, id.Chip.Family);
        Assert.Equal(chip.FlashSize, id.FlashSize);
        if (chip.Family == ProtocolFamily.Full) Assert.Equal(chip.Name, id.Chip.Name);
    }

    [Theory]
    [MemberData(nameof(Chips))]
    public async Task A_whole_flash_read_including_the_bootloader_is_byte_identical(string name)
    {
        var chip = ChipProfiles.Get(name);
        await using var rig = new SimRig(chip);
        var client = await rig.LinkedClientAsync(chip, Timeout());
        await client.SetBaudRateAsync(2_000_000, null, Timeout());
        var image = await client.ReadAsync(0, chip.FlashSize, null, Timeout());
        Assert.Equal(rig.Flash, image);
    }

    [Theory]
    [MemberData(nameof(Chips))]
    public async Task A_write_at_the_app_address_lands_and_verifies(string name)
    {
        var chip = ChipProfiles.Get(name);
        await using var rig = new SimRig(chip);
        var client = await rig.LinkedClientAsync(chip, Timeout());
        var app = new byte[0x23000 + 123]; // 64 KiB blocks, 4 KiB sectors and a partial tail
        new Random(7).NextBytes(app);
        app.AsSpan(0x5000, 0x2000).Fill(0xFF); // all-0xFF sectors are erased, not programmed
        var before = rig.Flash;
        await client.WriteAsync(0x11000, app, allowBootloader: false, null, Timeout());
        var after = rig.Flash;
        Assert.Equal(app, after.AsSpan(0x11000, app.Length).ToArray());
        Assert.Equal(before.AsSpan(0x11000 + app.Length, 0x1000 - 123).ToArray(), after.AsSpan(0x11000 + app.Length, 0x1000 - 123).ToArray());
        Assert.Equal(before.AsSpan(0, 0x11000).ToArray(), after.AsSpan(0, 0x11000).ToArray());
        Assert.Empty(await client.VerifyAsync(0x11000, app.AsMemory(0, 0x23000), null, Timeout()));
    }

    [Fact]
    public async Task Verify_names_the_sectors_that_differ()
    {
        await using var rig = new SimRig(ChipProfiles.Bk7252);
        var client = await rig.LinkedClientAsync(ChipProfiles.Bk7252, Timeout());
        var expected = rig.Flash.AsSpan(0x100000, 0x20000).ToArray();
        expected[0x3005] ^= 1;
        expected[0x1F000] ^= 0x80;
        var bad = await client.VerifyAsync(0x100000, expected, null, Timeout());
        Assert.Equal(new long[] { 0x103000, 0x11F000 }, bad);
    }

    [Fact]
    public async Task The_bootloader_area_is_refused_without_force()
    {
        await using var rig = new SimRig(ChipProfiles.Bk7231T);
        var client = await rig.LinkedClientAsync(ChipProfiles.Bk7231T, Timeout());
        var e = await Assert.ThrowsAsync<UsageException>(() => client.WriteAsync(0, new byte[0x1000], false, null, Timeout()));
        Assert.Contains("bootloader", e.Message);
    }

    [Fact]
    public async Task A_wrong_chip_choice_is_refused_before_anything_is_read()
    {
        await using var rig = new SimRig(ChipProfiles.Bk7252);
        var client = new BekenClient(rig.Link);
        await client.ConnectAsync(Devices.Beken.Reset.ResetStrategies.Automatic, null, Timeout());
        var e = await Assert.ThrowsAsync<UsageException>(() => client.IdentifyAsync(ChipProfiles.Bk7231N, Timeout()));
        Assert.Contains("--chip bk7231n does not match", e.Message);
    }

    [Fact]
    public async Task Unsupported_commands_fail_by_name_and_send_nothing()
    {
        await using var rig = new SimRig(ChipProfiles.Bk7252);
        var client = await rig.LinkedClientAsync(ChipProfiles.Bk7252, Timeout());
        long commands = rig.Device.Bootloader.Commands;
        var e = await Assert.ThrowsAsync<UnsupportedCommandException>(() =>
            client.ExecuteAsync(new Devices.Beken.Packets.FlashGetMidCommand(), TimeSpan.FromSeconds(1), Timeout()));
        Assert.Contains("FlashGetMid", e.Message);
        await Task.Delay(50);
        Assert.Equal(commands, rig.Device.Bootloader.Commands);
    }

    [Fact]
    public async Task Writing_a_protected_FULL_chip_clears_the_status_register_first()
    {
        await using var rig = new SimRig(ChipProfiles.Bk7231N);
        var client = await rig.LinkedClientAsync(null, Timeout());
        Assert.True(client.Identity!.Protected);
        var data = new byte[0x1000];
        new Random(3).NextBytes(data);
        await client.WriteAsync(0x1D0000, data, false, null, Timeout());
        Assert.Equal(data, rig.Flash.AsSpan(0x1D0000, 0x1000).ToArray());
        Assert.Equal(0, rig.Device.Bootloader.StatusRegister & 0x407C);
    }

    [Fact]
    public async Task A_chip_running_its_firmware_is_brought_into_download_mode()
    {
        await using var rig = new SimRig(ChipProfiles.Bk7252, download: false);
        await Task.Delay(300);
        var client = new BekenClient(rig.Link);
        await client.ConnectAsync(Devices.Beken.Reset.ResetStrategies.Automatic, null, Timeout());
        Assert.True(await client.PingAsync(TimeSpan.FromSeconds(1), Timeout()));
    }

    [Fact]
    public async Task The_baud_switch_ends_at_the_requested_rate_and_the_link_works_there()
    {
        await using var rig = new SimRig(ChipProfiles.Bk7231N);
        var client = await rig.LinkedClientAsync(null, Timeout());
        Assert.Equal(3_000_000, await client.SetBaudRateAsync(3_000_000, null, Timeout()));
        Assert.Equal(3_000_000, rig.Device.Bootloader.Baud);
        Assert.True(await client.PingAsync(TimeSpan.FromSeconds(1), Timeout()));
    }

    [Fact]
    public async Task Info_reads_the_efuse_key_and_the_mac_on_bk7231n()
    {
        var chip = ChipProfiles.Bk7231N;
        await using var rig = new SimRig(chip);
        var flash = rig.Flash;
        var id = await FlashOperations.InfoAsync(rig.Link, SimRig.Session(chip), null, Timeout());
        Assert.Equal("510fb093 a3cbeadc 5993a17e c7adeb03", id.EncryptionKey);
        Assert.Equal(BekenClient.EfuseBytes, id.Efuse!.Length);
        Assert.Null(id.EfuseUnavailable);
        Assert.Equal(flash.AsSpan(0x1D0024, 6).ToArray(), id.Mac);
        Assert.Equal("TLV sector 0x1d0000", id.MacSource);
    }

    [Fact]
    public async Task Info_on_bk7252_says_neither_efuse_nor_mac_is_available()
    {
        var chip = ChipProfiles.Bk7252;
        await using var rig = new SimRig(chip);
        var id = await FlashOperations.InfoAsync(rig.Link, SimRig.Session(chip), null, Timeout());
        Assert.Null(id.Efuse);
        Assert.Null(id.EncryptionKey);
        Assert.Contains("no register access", id.EfuseUnavailable);
        Assert.Null(id.Mac);
        Assert.StartsWith("not readable over this protocol", id.MacSource);
    }

    [Fact]
    public async Task Info_on_bk7231t_finds_the_mac_in_its_tlv_sector_without_efuse()
    {
        var chip = ChipProfiles.Bk7231T;
        await using var rig = new SimRig(chip);
        var flash = rig.Flash;
        var id = await FlashOperations.InfoAsync(rig.Link, SimRig.Session(chip), null, Timeout());
        Assert.Null(id.Efuse);
        Assert.Equal(flash.AsSpan(0x1E0024, 6).ToArray(), id.Mac);
        Assert.Equal("TLV sector 0x1e0000", id.MacSource);
    }

    [Fact]
    public async Task Reading_efuse_on_basic_boot_code_sends_nothing_and_says_unsupported()
    {
        await using var rig = new SimRig(ChipProfiles.Bk7252);
        var client = await rig.LinkedClientAsync(ChipProfiles.Bk7252, Timeout());
        Assert.False(client.SupportsEfuse);
        await Assert.ThrowsAsync<UnsupportedCommandException>(() => client.ReadEfuseAsync(Timeout()));
    }

    [Fact]
    public async Task A_tlv_sector_without_the_mac_record_gives_no_mac()
    {
        var chip = ChipProfiles.Bk7231N;
        await using var rig = new SimRig(chip);
        var image = rig.Flash;
        image.AsSpan(0x1D0000 + 0x1C, 8).Fill(0xFF);
        await using var blank = new SimRig(chip, image: image);
        var client = await blank.LinkedClientAsync(chip, Timeout());
        Assert.Null(await client.ReadMacAsync(Timeout()));
    }
}
