using Memflux.Graph;
using Memflux.Graph.Execution;
using Memflux.Numerics;

namespace Memflux.Chip.Analog;

/// <summary>
/// Runs a graph with its analog layers on <see cref="AnalogChip"/> crossbars and everything else on the reference
/// executor. The graph may be the one the chip was mapped from or the same model imported at another batch size:
/// layers are found by their node's output name.
/// </summary>
public sealed class AnalogExecutor
{
    private readonly ReferenceExecutor _executor;

    /// <summary>Prepares <paramref name="graph"/> to run on <paramref name="chip"/>.</summary>
    public AnalogExecutor(ComputeGraph graph, AnalogChip chip)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(chip);
        foreach (var layer in chip.Layers)
        {
            if (graph.Nodes.All(n => n.Outputs[0].Name != layer.Key))
            {
                throw new MemfluxException($"{graph.SourceLabel}: the chip holds {layer.Description} (output '{layer.Key}'), which this graph does not have.");
            }
        }

        Chip = chip;
        _executor = new ReferenceExecutor(graph) { NodeOverride = Override, FusedConvolutionOverride = OverrideFused };
    }

    /// <summary>The chip the analog layers run on.</summary>
    public AnalogChip Chip { get; }

    /// <summary>The graph being run.</summary>
    public ComputeGraph Graph => _executor.Graph;

    /// <summary>Runs the graph on <paramref name="inputs"/> (by graph input name); returns the outputs by name.</summary>
    public IReadOnlyDictionary<string, Tensor> Run(IReadOnlyDictionary<string, Tensor> inputs) => _executor.Run(inputs);

    private Tensor[]? Override(Node node, IReadOnlyList<Tensor?> inputs) =>
        LayerFor(node) is { } layer ? layer.Execute(node, inputs) : null;

    /// <summary>A Conv with the Add and/or Relu that alone read its output: analog convolutions apply them as they write.</summary>
    private Tensor[]? OverrideFused(Node node, IReadOnlyList<Tensor?> inputs, Tensor? addend, bool relu) =>
        LayerFor(node) is AnalogConv conv ? conv.Execute(node, inputs, addend, relu) : null;

    private AnalogLayer? LayerFor(Node node) =>
        node.Outputs.Count > 0 && Chip.FindLayer(node.Outputs[0].Name) is { } layer && layer.OpType == node.OpType ? layer : null;
}
