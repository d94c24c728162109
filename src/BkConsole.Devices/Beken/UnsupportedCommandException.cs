using BkConsole.Core.Chips;
using BkConsole.Core.Errors;
using BkConsole.Devices.Beken.Packets;

namespace BkConsole.Devices.Beken;

/// <summary>The command is not implemented by this chip's boot code; nothing was sent.</summary>
public sealed class UnsupportedCommandException(string command, CommandId id, ChipProfile chip)
    : BkException($"{command} ({id}) is not supported by the {chip.Name} boot code ({chip.Family})",
        "this bootloader does not implement it; nothing was sent to the chip")
{
    public CommandId Command { get; } = id;
}
