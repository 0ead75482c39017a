using Memflux.Chip.Hardware;

namespace Memflux.Chip.Compiler;

/// <summary>
/// A network compiled onto a system of chips by <see cref="SystemCompiler"/>: the layer parts (whole layers, or pieces
/// of layers larger than a chip), the chip each runs on, each chip's own <see cref="ChipMapping"/> (today's partition,
/// replicate, place and utilisation on the chip's sub-profile) and the data crossing chip links. A single chip is the
/// system of one: <see cref="Chips"/> holds today's mapping and there are no flows.
/// </summary>
/// <param name="Spec">The chip (every chip of the system is this one).</param>
/// <param name="Model">Its derived model.</param>
/// <param name="Network">The whole network.</param>
/// <param name="Topology">The chips and their links.</param>
/// <param name="Parts">The layer parts in topological order.</param>
/// <param name="ChipOfPart">The chip of each part; the part is layer <see cref="LocalLayerOfPart"/> of that chip's mapping.</param>
/// <param name="LocalLayerOfPart">The part's layer index in its chip's <see cref="ChipMapping"/>.</param>
/// <param name="Chips">Per chip, its mapping (its network is the sub-profile of its parts).</param>
/// <param name="Flows">Data crossing chip links per image.</param>
public sealed record SystemMapping(
    ChipSpec Spec,
    ChipModel Model,
    NetworkProfile Network,
    SystemTopology Topology,
    IReadOnlyList<LayerPart> Parts,
    IReadOnlyList<int> ChipOfPart,
    IReadOnlyList<int> LocalLayerOfPart,
    IReadOnlyList<ChipMapping> Chips,
    IReadOnlyList<ChipLinkFlow> Flows)
{
    /// <summary>Chips used.</summary>
    public int ChipCount => Chips.Count;

    /// <summary>Bits crossing chip links per image, each counted once however many links it crosses.</summary>
    public double LinkBitsPerImage => Flows.Sum(f => f.BitsPerImage);

    /// <summary>Bits × chip-link hops per image (what link energy is proportional to).</summary>
    public double LinkHopBitsPerImage => Flows.Sum(f => f.BitsPerImage * f.Links.Count);

    /// <summary>Tiles of one copy of every layer, all chips.</summary>
    public long TilesNeeded => Chips.Sum(c => c.Utilisation.TilesNeeded);

    /// <summary>Tiles used with replication, all chips.</summary>
    public long TilesUsed => Chips.Sum(c => c.Utilisation.TilesUsed);

    /// <summary>The system of one chip holding <paramref name="mapping"/> (no parts split, no links).</summary>
    public static SystemMapping Single(ChipMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        var parts = mapping.Layers.Select(l => LayerPart.Whole(l.Shape, l.TilesPerCopy)).ToArray();
        return new SystemMapping(
            mapping.Spec,
            mapping.Model,
            mapping.Network,
            new SystemTopology(mapping.Spec.System, 1),
            parts,
            new int[parts.Length],
            [.. Enumerable.Range(0, parts.Length)],
            [mapping],
            []);
    }
}

/// <summary>What a chip-link flow carries.</summary>
public enum ChipLinkFlowKind
{
    /// <summary>A layer's outputs (or a share of them) to a consumer's part on another chip; a consumer split into column parts receives its whole input once per part (multicast as copies).</summary>
    Activations,

    /// <summary>Partial sums of a layer's row part to the part that adds them.</summary>
    PartialSums,
}

/// <summary>Data moving between parts on different chips per image.</summary>
/// <param name="FromPart">Producing part (index into <see cref="SystemMapping.Parts"/>).</param>
/// <param name="ToPart">Consuming part.</param>
/// <param name="FromChip">Chip sending.</param>
/// <param name="ToChip">Chip receiving.</param>
/// <param name="Kind">Activations or partial sums.</param>
/// <param name="BitsPerImage">Bits per image.</param>
/// <param name="Links">The chip links crossed, in order (<see cref="SystemTopology.Route"/>).</param>
public sealed record ChipLinkFlow(int FromPart, int ToPart, int FromChip, int ToChip, ChipLinkFlowKind Kind, double BitsPerImage, IReadOnlyList<int> Links);
