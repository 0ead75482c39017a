using Memflux.Chip.Hardware;
using Memflux.Graph;

namespace Memflux.Chip.Compiler;

/// <summary>
/// Compiles a network onto a chip by running <see cref="Passes"/> in order: <see cref="PartitionPass"/> (matrices into
/// tiles; fails when the network does not fit), <see cref="ReplicatePass"/> (copies of bottleneck layers into free
/// tiles), <see cref="PlacePass"/> (tiles onto cores, minimising hop-weighted traffic), <see cref="TrimReplicasPass"/>
/// (gives back copies whose mesh traffic makes a link the bottleneck) and <see cref="UtilisationPass"/>.
/// Nothing is programmed: the mapping is what the cost model and the chip image need.
/// </summary>
public static class ChipCompiler
{
    /// <summary>The passes in the order they run, replicating bottleneck layers when <paramref name="replicate"/>.</summary>
    public static IReadOnlyList<IChipCompilerPass> Passes(bool replicate = true) =>
        replicate
            ? [new PartitionPass(), new ReplicatePass(), new PlacePass(), new TrimReplicasPass(), new UtilisationPass()]
            : [new PartitionPass(), new ReplicatePass(enabled: false), new PlacePass(), new UtilisationPass()];

    /// <summary>Compiles <paramref name="graph"/> (shapes for <paramref name="batch"/> images) onto <paramref name="spec"/>.</summary>
    public static ChipMapping Compile(ComputeGraph graph, int batch, ChipSpec spec, bool replicate = true) =>
        Compile(NetworkProfileBuilder.Build(graph, batch), new ChipModel(spec), replicate);

    /// <summary>Compiles <paramref name="network"/> onto the chip of <paramref name="model"/>.</summary>
    public static ChipMapping Compile(NetworkProfile network, ChipModel model, bool replicate = true)
    {
        var state = new CompilerState(network, model);
        foreach (var pass in Passes(replicate))
        {
            pass.Run(state);
        }

        return ToMapping(state);
    }

    /// <summary>The mapping the passes left in <paramref name="state"/>.</summary>
    public static ChipMapping ToMapping(CompilerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var blocks = CompilerState.Required(state.Blocks, nameof(PartitionPass));
        var replicas = CompilerState.Required(state.Replicas, nameof(ReplicatePass));
        var placement = CompilerState.Required(state.Placement, nameof(PlacePass));
        var layers = new LayerMapping[blocks.Length];
        for (int l = 0; l < layers.Length; l++)
        {
            layers[l] = new LayerMapping(state.Network.Layers[l], blocks[l].RowBlocks, blocks[l].ColumnBlocks, replicas[l], placement[l]);
        }

        return new ChipMapping(
            state.Spec,
            state.Model,
            state.Network,
            layers,
            CompilerState.Required(state.Flows, nameof(PlacePass)),
            CompilerState.Required(state.Utilisation, nameof(UtilisationPass)));
    }
}
