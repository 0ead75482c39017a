using Memflux.Chip.Hardware;

namespace Memflux.Chip.Compiler;

/// <summary>One pass of the chip compiler (<see cref="ChipCompiler.Passes"/> lists them in order).</summary>
public interface IChipCompilerPass
{
    /// <summary>Short name for reports.</summary>
    string Name { get; }

    /// <summary>Reads what earlier passes left in <paramref name="state"/> and adds its own result.</summary>
    void Run(CompilerState state);
}

/// <summary>The work in progress the compiler passes hand on: each pass fills its own fields.</summary>
public sealed class CompilerState
{
    /// <summary>Starts compiling <paramref name="network"/> onto the chip of <paramref name="model"/>.</summary>
    public CompilerState(NetworkProfile network, ChipModel model)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(model);
        Network = network;
        Model = model;
    }

    /// <summary>The network.</summary>
    public NetworkProfile Network { get; }

    /// <summary>The chip's derived model.</summary>
    public ChipModel Model { get; }

    /// <summary>The chip.</summary>
    public ChipSpec Spec => Model.Spec;

    /// <summary>Per layer (row blocks, column blocks): set by <see cref="PartitionPass"/>.</summary>
    public (int RowBlocks, int ColumnBlocks)[]? Blocks { get; set; }

    /// <summary>Per layer replicas: set by <see cref="ReplicatePass"/>.</summary>
    public int[]? Replicas { get; set; }

    /// <summary>Per layer tiles on each core: set by <see cref="PlacePass"/>.</summary>
    public CoreShare[][]? Placement { get; set; }

    /// <summary>Traffic between cores: set by <see cref="PlacePass"/>.</summary>
    public TrafficFlow[]? Flows { get; set; }

    /// <summary>Utilisation: set by <see cref="UtilisationPass"/>.</summary>
    public UtilisationReport? Utilisation { get; set; }

    /// <summary>Tiles of one copy of layer <paramref name="layer"/> (after partitioning).</summary>
    public int TilesPerCopy(int layer)
    {
        var blocks = Required(Blocks, nameof(PartitionPass));
        return Network.Layers[layer].Groups * blocks[layer].RowBlocks * blocks[layer].ColumnBlocks;
    }

    /// <summary>The result of an earlier pass, or an error naming the pass that should have run.</summary>
    public static T Required<T>(T? value, string pass)
        where T : class =>
        value ?? throw new InvalidOperationException($"The chip compiler's {pass} has not run; passes must run in the order of ChipCompiler.Passes.");
}
