using Memflux.Graph;
using Memflux.Graph.Ops;
using Memflux.Numerics;

namespace Memflux.Experiments;

/// <summary>One node of an inspected model. Shapes are null for omitted optional inputs.</summary>
/// <param name="Op">The op type.</param>
/// <param name="Name">The node name.</param>
/// <param name="Inputs">Input shapes, including constant inputs (weights).</param>
/// <param name="Outputs">Output shapes.</param>
/// <param name="Parameters">Elements of the node's fp32 constant inputs (weights, biases, BatchNorm statistics).</param>
/// <param name="Macs">Multiply-accumulates of one execution, from <see cref="Operator.CountMacs"/>.</param>
internal sealed record LayerReport(string Op, string Name, IReadOnlyList<int[]?> Inputs, IReadOnlyList<int[]?> Outputs, long Parameters, long Macs);

/// <summary>What <c>memflux inspect</c> reports.</summary>
/// <param name="Model">The model path.</param>
/// <param name="Opset">The default-domain opset.</param>
/// <param name="Parameters">Parameters of the whole graph (<see cref="ComputeGraph.ParameterCount"/>: a constant shared by several nodes counts once).</param>
/// <param name="Macs">Sum of the layers' MACs.</param>
/// <param name="GraphInputs">The graph inputs as <c>name: Type[shape]</c>.</param>
/// <param name="GraphOutputs">The graph outputs as <c>name: Type[shape]</c>.</param>
/// <param name="Layers">The nodes in execution order.</param>
internal sealed record InspectionReport(
    string Model, int Opset, long Parameters, long Macs, IReadOnlyList<string> GraphInputs, IReadOnlyList<string> GraphOutputs, IReadOnlyList<LayerReport> Layers);

/// <summary>Builds an <see cref="InspectionReport"/> from a shape-inferred graph.</summary>
internal static class ModelInspector
{
    public static InspectionReport Inspect(ComputeGraph graph, string model, OperatorRegistry? registry = null)
    {
        registry ??= OperatorRegistry.Default;
        var layers = new List<LayerReport>(graph.Nodes.Count);
        foreach (var node in graph.Nodes)
        {
            long parameters = node.Inputs.OfType<Value>().Where(v => v.Constant is { Type: DataType.Float32 }).Distinct().Sum(v => (long)v.Constant!.Length);
            long macs = registry.Resolve(node).CountMacs(node);
            layers.Add(new LayerReport(node.OpType, node.Name, [.. node.Inputs.Select(ShapeOf)], [.. node.Outputs.Select(ShapeOf)], parameters, macs));
        }

        return new InspectionReport(
            model,
            graph.Opset,
            graph.ParameterCount(),
            layers.Sum(l => l.Macs),
            [.. graph.Inputs.Select(v => v.ToString())],
            [.. graph.Outputs.Select(v => v.ToString())],
            layers);
    }

    private static int[]? ShapeOf(Value? v) => v?.Shape?.Dimensions.ToArray();
}
