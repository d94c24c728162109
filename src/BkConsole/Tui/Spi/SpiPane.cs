using BkConsole.Tui.Panes;

namespace BkConsole.Tui.Spi;

/// <summary>
/// The SPI pane: draws <see cref="SpiPaneModel"/> (chip, attempt counter, progress). Feed it from any thread
/// through the model; the owner redraws it from its UI tick.
/// </summary>
public sealed class SpiPane : Pane
{
    public SpiPane(SpiPaneModel model) : base("SPI flash (CH341A)") => Model = model;

    public SpiPaneModel Model { get; }

    protected override void DrawRows()
    {
        var lines = Model.Lines(Cols);
        for (int y = 0; y < lines.Count && y < Rows; y++)
            Put(0, y, lines[y], y == 0 ? Theme.Heading : Theme.Normal);
    }
}
