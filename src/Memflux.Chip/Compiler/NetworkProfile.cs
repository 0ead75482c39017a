namespace Memflux.Chip.Compiler;

/// <summary>
/// What the chip compiler and the cost model need to know about a network, per image and independent of any chip: the
/// analog layers' matrix sizes and MVM counts, the data that flows between them and the digital work around them.
/// Built once from a graph by <see cref="NetworkProfileBuilder"/>; compiling it onto many chips (a design sweep) then
/// never touches the graph or its weights again.
/// </summary>
/// <param name="Name">The network's name (the graph's source).</param>
/// <param name="Layers">Analog layers in graph (topological) order.</param>
/// <param name="Edges">Data flowing from one analog layer to the next (through digital nodes), per image.</param>
/// <param name="DigitalNodes">Nodes that run digitally, with their ops per image and the layer they follow.</param>
public sealed record NetworkProfile(
    string Name,
    IReadOnlyList<LayerShape> Layers,
    IReadOnlyList<LayerEdge> Edges,
    IReadOnlyList<DigitalNodeWork> DigitalNodes)
{
    /// <summary>Weights on crossbars (one copy of every layer).</summary>
    public long WeightCount => Layers.Sum(l => l.WeightCount);

    /// <summary>Multiply-accumulates of the analog layers per image.</summary>
    public long MacsPerImage => Layers.Sum(l => l.MacsPerImage);
}

/// <summary>One analog layer's shape: <see cref="Groups"/> matrices of k×n, each multiplying <see cref="MvmsPerImage"/> vectors per image.</summary>
/// <param name="Index">Position in <see cref="NetworkProfile.Layers"/>.</param>
/// <param name="Key">The node's first output name (as <see cref="Analog.AnalogLayer.Key"/>).</param>
/// <param name="Description">The node as reports name it.</param>
/// <param name="OpType">Conv, Gemm or MatMul.</param>
/// <param name="Inputs">k: rows of each matrix.</param>
/// <param name="Outputs">n: columns of each matrix.</param>
/// <param name="Groups">Matrices (convolution groups).</param>
/// <param name="MvmsPerImage">Input vectors each matrix multiplies per image.</param>
/// <param name="HasBias">True when the node adds a bias to every output (digital accumulate ops).</param>
/// <param name="InputValuesPerImage">
/// Values of the node's data input per image (a Conv's feature map, before its k-long windows are formed in the core).
/// </param>
/// <param name="Rows">
/// How the layer's output streams in rows (a convolution's output rows, a token-wise layer's tokens) and which input
/// rows each needs, for pipelined timing; null: the layer's output is one unit per image.
/// </param>
public sealed record LayerShape(int Index, string Key, string Description, string OpType, int Inputs, int Outputs, int Groups, long MvmsPerImage, bool HasBias, long InputValuesPerImage, RowWindow? Rows = null)
{
    /// <summary>Weights of the layer (k·n per group).</summary>
    public long WeightCount => (long)Inputs * Outputs * Groups;

    /// <summary>Multiply-accumulates per image.</summary>
    public long MacsPerImage => WeightCount * MvmsPerImage;

    /// <summary>Output values per image (n per MVM per group).</summary>
    public long OutputsPerImage => (long)Outputs * Groups * MvmsPerImage;
}

/// <summary>Data from analog layer <paramref name="From"/> reaching analog layer <paramref name="To"/>.</summary>
/// <param name="From">Producing layer index.</param>
/// <param name="To">Consuming layer index.</param>
/// <param name="ValuesPerImage">Values of <paramref name="To"/>'s data input per image (what crosses the network-on-chip).</param>
public sealed record LayerEdge(int From, int To, long ValuesPerImage);

/// <summary>A digital node's work per image, by the core unit that does it.</summary>
/// <param name="Description">The node as reports name it.</param>
/// <param name="OpType">Its op type.</param>
/// <param name="Layer">The analog layer whose cores run it (its nearest analog producer; the first layer when none).</param>
/// <param name="Unit">The digital unit that does it.</param>
/// <param name="OpsPerImage">Operations per image.</param>
/// <param name="HostInValuesPerImage">
/// Values per image that would cross to a host running the graph's digital nodes (<see cref="Hardware.SystemSpec.Host"/>)
/// for this node: its inputs produced on chip (by an analog layer, a graph input, or data movement of those), each value
/// once however many host nodes read it. 0 for a node without ops (data movement follows its input's side).
/// </param>
/// <param name="HostOutValuesPerImage">
/// Values per image that would come back from the host for analog layers to read, charged to the host node that computed
/// them (data movement in between included), each value once.
/// </param>
public sealed record DigitalNodeWork(string Description, string OpType, int Layer, DigitalUnitKind Unit, long OpsPerImage, long HostInValuesPerImage = 0, long HostOutValuesPerImage = 0);

/// <summary>The digital units of a core (<see cref="Hardware.DigitalSpec"/>); <see cref="None"/> for pure data movement.</summary>
public enum DigitalUnitKind
{
    /// <summary>No arithmetic (reshape, flatten, concat, identity, …).</summary>
    None,

    /// <summary>Adds, multiplies and normalisations: the accumulate unit.</summary>
    Accumulate,

    /// <summary>Activation functions.</summary>
    Activation,

    /// <summary>Pooling.</summary>
    Pooling,
}
