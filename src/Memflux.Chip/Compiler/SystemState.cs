using Memflux.Chip.Hardware;

namespace Memflux.Chip.Compiler;

/// <summary>One pass of the system compiler (<see cref="SystemCompiler.Passes"/> lists them in order).</summary>
public interface ISystemCompilerPass
{
    /// <summary>Short name for reports.</summary>
    string Name { get; }

    /// <summary>Reads what earlier passes left in <paramref name="state"/> and adds its own result.</summary>
    void Run(SystemState state);
}

/// <summary>Data between two layer parts per image (either may be on any chip until <see cref="StagePass"/> runs).</summary>
/// <param name="FromPart">Producing part (index into <see cref="SystemState.Parts"/>).</param>
/// <param name="ToPart">Consuming part; always after <paramref name="FromPart"/>.</param>
/// <param name="Kind">Activations or partial sums.</param>
/// <param name="Values">Values per image.</param>
/// <param name="Bits">Bits per image (values × the core's output bits).</param>
public sealed record PartFlow(int FromPart, int ToPart, ChipLinkFlowKind Kind, double Values, double Bits);

/// <summary>The work in progress the system compiler's passes hand on: each pass fills its own fields.</summary>
public sealed class SystemState
{
    /// <summary>Starts compiling <paramref name="network"/> onto chips of <paramref name="model"/>.</summary>
    /// <param name="network">The network.</param>
    /// <param name="model">One chip's model; its spec's system section (if any) gives topology and links.</param>
    /// <param name="chips">How many chips, or auto.</param>
    /// <param name="chipsSource">Where <paramref name="chips"/> came from, for errors (e.g. <c>--chips</c>).</param>
    public SystemState(NetworkProfile network, ChipModel model, ChipCount chips, string chipsSource)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(chipsSource);
        Network = network;
        Model = model;
        RequestedChips = chips;
        ChipsSource = chipsSource;
    }

    /// <summary>The network.</summary>
    public NetworkProfile Network { get; }

    /// <summary>One chip's derived model.</summary>
    public ChipModel Model { get; }

    /// <summary>The chip.</summary>
    public ChipSpec Spec => Model.Spec;

    /// <summary>Chips asked for.</summary>
    public ChipCount RequestedChips { get; }

    /// <summary>Where <see cref="RequestedChips"/> came from.</summary>
    public string ChipsSource { get; }

    /// <summary>Layer parts in topological order: set by <see cref="ChipSplitPass"/>.</summary>
    public LayerPart[]? Parts { get; set; }

    /// <summary>Data between parts: set by <see cref="ChipSplitPass"/>.</summary>
    public PartFlow[]? Flows { get; set; }

    /// <summary>The chip of every part: set by <see cref="StagePass"/>.</summary>
    public int[]? ChipOfPart { get; set; }

    /// <summary>Chips used: set by <see cref="StagePass"/>.</summary>
    public int ChipCount { get; set; }
}
