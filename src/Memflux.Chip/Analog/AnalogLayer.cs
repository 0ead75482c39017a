using Memflux.Graph;
using Memflux.Numerics;
using Memflux.Tiles;

namespace Memflux.Chip.Analog;

/// <summary>
/// One graph node whose constant weight lives on crossbars: its weight matrices (k inputs × n outputs, row-major; one
/// per convolution group, built from the node's constant when the layer is programmed, so the layer holds no copy of
/// the weights) and, once programmed, the <see cref="AnalogMatrix"/> holding each. The node is identified by its first
/// output's name, which is unique in a graph and survives re-importing the model at another batch size.
/// </summary>
public abstract class AnalogLayer
{
    private AnalogMatrix[] _matrices = [];

    /// <summary>Creates a layer for <paramref name="node"/> with <paramref name="groups"/> k×n matrices.</summary>
    protected AnalogLayer(Node node, int inputs, int outputs, int groups)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentOutOfRangeException.ThrowIfNegative(groups);
        Key = node.Outputs[0].Name;
        Description = node.Describe();
        OpType = node.OpType;
        Inputs = inputs;
        Outputs = outputs;
        Groups = groups;
        long produced = node.Outputs[0].Shape?.ElementCount ?? 0;
        VectorsPerRun = groups == 0 || produced == 0 ? 0 : produced / ((long)outputs * groups);
    }

    /// <summary>
    /// A NaN or infinite weight has no conductance to program: an error naming the node and the weight, rather than a
    /// device model's complaint about its target (issue 18).
    /// </summary>
    internal void ThrowIfNotFinite(ReadOnlySpan<float> weights, int group)
    {
        int i = weights.IndexOfAnyExceptInRange(float.MinValue, float.MaxValue);
        if (i >= 0)
        {
            string of = Groups > 1 ? $" of group {group}" : "";
            throw new MemfluxException(
                $"{Description}: weight [{i / Outputs}, {i % Outputs}]{of} of its {Inputs}x{Outputs} crossbar matrix is " +
                $"{weights[i].ToString(System.Globalization.CultureInfo.InvariantCulture)}; only finite weights can be programmed (check the model's initializer).");
        }
    }

    /// <summary>The name of the node's first output: how executors find this layer.</summary>
    public string Key { get; }

    /// <summary>The node as error messages and reports name it.</summary>
    public string Description { get; }

    /// <summary>The node's op type (Conv, Gemm, MatMul).</summary>
    public string OpType { get; }

    /// <summary>k: rows of each weight matrix (crossbar inputs).</summary>
    public int Inputs { get; }

    /// <summary>n: columns of each weight matrix (crossbar outputs).</summary>
    public int Outputs { get; }

    /// <summary>Weight matrices: one per convolution group, 1 for Gemm and MatMul.</summary>
    public int Groups { get; }

    /// <summary>The programmed matrices (empty until <see cref="AnalogChip.Program"/>).</summary>
    public IReadOnlyList<AnalogMatrix> Matrices => _matrices;

    /// <summary>
    /// Input vectors each matrix multiplies in one run of the graph the layer was mapped from (output pixels × batch for
    /// a Conv, rows for a Gemm/MatMul): the MVMs per matrix per run. 0 when the node's output shape is unknown.
    /// </summary>
    public long VectorsPerRun { get; }

    /// <summary>Weights on crossbars (k·n per matrix).</summary>
    public long WeightCount => (long)Inputs * Outputs * Groups;

    /// <summary>Chip time (s) at which the layer was last programmed.</summary>
    public double ProgrammedAtSeconds { get; private set; }

    /// <summary>
    /// The digital weight matrix of group <paramref name="group"/> (k×n row-major), from the node's constant: the
    /// constant's own values when they are already in that layout (a MatMul's B), else a new array. Read only.
    /// </summary>
    public abstract ReadOnlyMemory<float> WeightMatrix(int group);

    /// <summary>Runs the node with its weights on the crossbars; <paramref name="node"/> is the executing graph's copy.</summary>
    public abstract Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs);

    /// <summary>Replaces the programmed matrices (called by <see cref="AnalogChip"/>).</summary>
    internal void SetMatrices(AnalogMatrix[] matrices, double programmedAtSeconds)
    {
        _matrices = matrices;
        ProgrammedAtSeconds = programmedAtSeconds;
    }

    /// <summary>The programmed matrix of group <paramref name="group"/>; a clear error when the chip was never programmed.</summary>
    protected AnalogMatrix Matrix(int group) =>
        group < _matrices.Length ? _matrices[group] : throw new MemfluxException($"{Description} has not been programmed onto the chip; call Program first.");

    /// <summary>The input tensor at <paramref name="index"/>; a clear error when it is missing.</summary>
    protected Tensor Input(IReadOnlyList<Tensor?> inputs, int index) =>
        index < inputs.Count && inputs[index] is { } t ? t : throw new MemfluxException($"{Description}: input {index} is missing.");
}
