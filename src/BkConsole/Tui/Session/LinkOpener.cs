using BkConsole.Core.Links;

namespace BkConsole.Tui.Session;

/// <summary>Opens (or reopens, after an unplug) the session's port at the same path and baud.</summary>
public delegate ValueTask<ISerialLink> LinkOpener(int baud, CancellationToken cancellationToken);
