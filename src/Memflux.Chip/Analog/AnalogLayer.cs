using Memflux.Graph;
using Memflux.Numerics;
using Memflux.Tiles;

namespace Memflux.Chip.Analog;

/// <summary>
/// One graph node whose constant weight lives on crossbars: its weight matrices (k inputs × n outputs, row-major; one
/// per convolution group) and, once programmed, the <see cref="AnalogMatrix"/> holding each. The node is identified by
/// its first output's name, which is unique in a graph and survives re-importing the model at another batch size.
/// </summary>
public abstract class AnalogLayer
{
    private AnalogMatrix[] _matrices = [];

    /// <summary>Creates a layer for <paramref name="node"/> with one k×n matrix per entry of <paramref name="weights"/>.</summary>
    protected AnalogLayer(Node node, int inputs, int outputs, IReadOnlyList<float[]> weights)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(weights);
        Key = node.Outputs[0].Name;
        Description = node.Describe();
        OpType = node.OpType;
        Inputs = inputs;
        Outputs = outputs;
        Weights = weights;
        ThrowIfNotFinite(weights, Description, inputs, outputs);
        long produced = node.Outputs[0].Shape?.ElementCount ?? 0;
        VectorsPerRun = weights.Count == 0 || produced == 0 ? 0 : produced / ((long)outputs * weights.Count);
    }

    /// <summary>
    /// A NaN or infinite weight has no conductance to program: an error naming the node and the weight, rather than a
    /// device model's complaint about its target (issue 18).
    /// </summary>
    private static void ThrowIfNotFinite(IReadOnlyList<float[]> weights, string node, int inputs, int outputs)
    {
        for (int g = 0; g < weights.Count; g++)
        {
            var w = weights[g];
            for (int i = 0; i < w.Length; i++)
            {
                if (!float.IsFinite(w[i]))
                {
                    string group = weights.Count > 1 ? $" of group {g}" : "";
                    throw new MemfluxException(
                        $"{node}: weight [{i / outputs}, {i % outputs}]{group} of its {inputs}x{outputs} crossbar matrix is " +
                        $"{w[i].ToString(System.Globalization.CultureInfo.InvariantCulture)}; only finite weights can be programmed (check the model's initializer).");
                }
            }
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

    /// <summary>The digital weight matrices (k×n row-major), kept so the layer can be programmed again.</summary>
    public IReadOnlyList<float[]> Weights { get; }

    /// <summary>The programmed matrices (empty until <see cref="AnalogChip.Program"/>).</summary>
    public IReadOnlyList<AnalogMatrix> Matrices => _matrices;

    /// <summary>
    /// Input vectors each matrix multiplies in one run of the graph the layer was mapped from (output pixels × batch for
    /// a Conv, rows for a Gemm/MatMul): the MVMs per matrix per run. 0 when the node's output shape is unknown.
    /// </summary>
    public long VectorsPerRun { get; }

    /// <summary>Weights on crossbars (k·n per matrix).</summary>
    public long WeightCount => (long)Inputs * Outputs * Weights.Count;

    /// <summary>Chip time (s) at which the layer was last programmed.</summary>
    public double ProgrammedAtSeconds { get; private set; }

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
