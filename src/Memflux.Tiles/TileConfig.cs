namespace Memflux.Tiles;

/// <summary>How a weight matrix is laid onto crossbar tiles and read through their periphery.</summary>
/// <param name="Rows">Rows (inputs) per tile.</param>
/// <param name="Columns">Columns (outputs) per tile.</param>
public sealed record TileConfig(int Rows = 256, int Columns = 256);
