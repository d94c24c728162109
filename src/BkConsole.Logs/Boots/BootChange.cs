namespace BkConsole.Logs.Boots;

/// <summary>What happened to a boot record: it began, one of its facts changed, or the next boot began / input ended.</summary>
public enum BootChange
{
    Opened,
    Updated,
    Closed,
}
