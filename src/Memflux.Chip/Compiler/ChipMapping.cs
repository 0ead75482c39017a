using Memflux.Chip.Hardware;

namespace Memflux.Chip.Compiler;

/// <summary>
/// A network compiled onto a chip by <see cref="ChipCompiler"/>: each analog layer partitioned into tiles, replicated
/// and placed on cores; the traffic between cores; the utilisation. The cost model (Memflux.Cost) reads it.
/// </summary>
/// <param name="Spec">The chip.</param>
/// <param name="Model">Its derived per-MVM timing and energy.</param>
/// <param name="Network">The network.</param>
/// <param name="Layers">Per analog layer: partition, replication and placement, in layer order.</param>
/// <param name="Flows">Data crossing the network-on-chip per image (between cores; same-core flows have 0 hops).</param>
/// <param name="Utilisation">How much of the chip the mapping uses.</param>
public sealed record ChipMapping(
    ChipSpec Spec,
    ChipModel Model,
    NetworkProfile Network,
    IReadOnlyList<LayerMapping> Layers,
    IReadOnlyList<TrafficFlow> Flows,
    UtilisationReport Utilisation)
{
    /// <summary>Hop-weighted traffic per image: Σ flows bits × hops (what placement minimises).</summary>
    public double HopBitsPerImage => Flows.Sum(f => f.BitsPerImage * f.Hops);
}

/// <summary>One analog layer on the chip.</summary>
/// <param name="Shape">The layer's matrices.</param>
/// <param name="RowBlocks">ceil(k / logical rows per tile): tiles along k (more than one ⇒ digital partial-sum accumulation).</param>
/// <param name="ColumnBlocks">ceil(n / logical columns per tile): tiles along n.</param>
/// <param name="Replicas">Copies of the layer's weights (1 = not replicated); each copy takes <see cref="TilesPerCopy"/> tiles.</param>
/// <param name="Cores">Tiles of the layer (all copies) on each core, in placement order.</param>
public sealed record LayerMapping(LayerShape Shape, int RowBlocks, int ColumnBlocks, int Replicas, IReadOnlyList<CoreShare> Cores)
{
    /// <summary>Tiles of one copy: groups × row blocks × column blocks.</summary>
    public int TilesPerCopy => Shape.Groups * RowBlocks * ColumnBlocks;

    /// <summary>Tiles of all copies.</summary>
    public long Tiles => (long)TilesPerCopy * Replicas;

    /// <summary>MVMs each tile runs per image: ceil(MVMs per image / replicas).</summary>
    public long MvmsPerTilePerImage => (Shape.MvmsPerImage + Replicas - 1) / Replicas;

    /// <summary>Partial sums added digitally per MVM of one group's matrix: (row blocks − 1) × n.</summary>
    public long PartialSumAddsPerMvm => (long)(RowBlocks - 1) * Shape.Outputs;
}

/// <summary>Tiles of one layer on one core.</summary>
/// <param name="Core">Core index (row-major on the mesh).</param>
/// <param name="Tiles">Tiles of the layer on it.</param>
public sealed record CoreShare(int Core, int Tiles);

/// <summary>Data moving between cores per image: from one layer to the next, or within a layer (From = To) between its home core and its other cores.</summary>
/// <param name="From">Producing layer.</param>
/// <param name="To">Consuming layer (the same layer for intra-layer scatter and gather).</param>
/// <param name="SourceCore">Core sending.</param>
/// <param name="DestinationCore">Core receiving.</param>
/// <param name="BitsPerImage">Bits per image.</param>
/// <param name="Hops">Mesh hops (Manhattan distance; XY routing).</param>
public sealed record TrafficFlow(int From, int To, int SourceCore, int DestinationCore, double BitsPerImage, int Hops);

/// <summary>How much of the chip a mapping uses.</summary>
/// <param name="TilesAvailable">Tiles on the chip.</param>
/// <param name="TilesNeeded">Tiles of one copy of every layer.</param>
/// <param name="TilesUsed">Tiles used with replication.</param>
/// <param name="CoresUsed">Cores holding at least one tile.</param>
/// <param name="WeightCells">Weights stored (all copies).</param>
/// <param name="WeightCapacity">Weights the used tiles could hold (logical rows × columns × tiles used).</param>
/// <param name="DevicesProgrammed">Devices written: weights stored × devices per weight.</param>
public sealed record UtilisationReport(long TilesAvailable, long TilesNeeded, long TilesUsed, int CoresUsed, long WeightCells, long WeightCapacity, long DevicesProgrammed)
{
    /// <summary>Fraction of the chip's tiles used.</summary>
    public double TileFraction => (double)TilesUsed / TilesAvailable;

    /// <summary>Fraction of the used tiles' cells that hold a weight (edge tiles are partly empty).</summary>
    public double CellFraction => WeightCapacity == 0 ? 0 : (double)WeightCells / WeightCapacity;
}
