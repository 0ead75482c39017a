using Memflux.Graph.Ops;
using Memflux.Numerics;

namespace Memflux.Graph.Passes;

/// <summary>
/// Executes, once and with the registered operator, every node whose inputs are all constant, and every node whose
/// outputs shape inference can compute from static shapes alone (Shape, and what follows from it). Their outputs become
/// constants; the folded nodes, and the constants only they read, leave the graph.
/// </summary>
/// <remarks>Random generators are never folded: each execution must draw anew.</remarks>
public sealed class ConstantFolding(OperatorRegistry? registry = null) : IGraphPass
{
    private static readonly HashSet<string> NonDeterministic = new(StringComparer.Ordinal)
    {
        "RandomNormal", "RandomNormalLike", "RandomUniform", "RandomUniformLike", "Multinomial", "Bernoulli",
    };

    private readonly OperatorRegistry _registry = registry ?? OperatorRegistry.Default;

    /// <inheritdoc />
    public string Name => "constant-folding";

    /// <inheritdoc />
    public bool Run(ComputeGraph graph)
    {
        var folded = new HashSet<Node>();
        foreach (var node in graph.Nodes)
        {
            if (NonDeterministic.Contains(node.OpType))
            {
                continue;
            }

            var results = TryEvaluate(node, graph.SpecializedInputs.Count > 0);
            if (results is null)
            {
                continue;
            }

            if (results.Length < node.Outputs.Count)
            {
                throw node.Error($"declares {node.Outputs.Count} outputs but the operator produced {results.Length}.");
            }

            for (int i = 0; i < node.Outputs.Count; i++)
            {
                var output = node.Outputs[i];
                output.Constant = results[i];
                output.Type = results[i].Type;
                output.Shape = results[i].Shape;
                output.Producer = null;
            }

            folded.Add(node);
        }

        if (folded.Count == 0)
        {
            return false;
        }

        graph.Nodes.RemoveAll(folded.Contains);
        var uses = new UseMap(graph);
        foreach (var node in folded)
        {
            foreach (var value in node.Inputs.Concat(node.Outputs))
            {
                uses.RemoveIfDeadConstant(graph, value);
            }
        }

        return true;
    }

    /// <summary>
    /// The node's outputs when they are known before execution; otherwise null. In a graph specialised to input values
    /// (<see cref="ComputeGraph.SpecializedInputs"/>) a node may need data derived from them to infer its shapes, which
    /// only shape inference computes: such a node is not folded (shape inference, run after this pass, checks it).
    /// </summary>
    private Tensor[]? TryEvaluate(Node node, bool specialized)
    {
        bool allConstant = node.Inputs.All(v => v is null || v.IsConstant);
        if (!allConstant && node.Inputs.Any(v => v is { IsConstant: false, Shape: null }))
        {
            return null; // No shapes yet: only all-constant nodes can be folded.
        }

        var op = _registry.Resolve(node);
        op.Validate(node);
        if (allConstant)
        {
            return ShapeArithmetic.Execute(op, node, [.. node.Inputs.Select(v => v?.Constant)]);
        }

        var infos = node.Inputs.Select(v => v is null ? null : v.Constant is { } c ? TensorInfo.Of(c) : new TensorInfo(v.Type, v.Shape!)).ToList();
        IReadOnlyList<TensorInfo> outputs;
        try
        {
            outputs = ShapeArithmetic.InferOutputs(op, node, infos);
        }
        catch (MemfluxException) when (specialized)
        {
            return null;
        }

        return outputs.All(o => o.Constant is not null) ? [.. outputs.Select(o => o.Constant!)] : null;
    }
}
