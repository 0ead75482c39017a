using Memflux.Graph.Ops;
using Memflux.Numerics;

namespace Memflux.Graph.Passes;

/// <summary>
/// Validates every node against its operator and sets the type and static shape of every node output,
/// in topological order. While it walks, it computes (without storing in the graph) the data of outputs whose
/// inputs are all known, so that shape-carrying subgraphs (Shape → Gather → Concat → Reshape) resolve to static
/// shapes; storing them is constant folding's job. Data derived from <see cref="ComputeGraph.SpecializedInputs"/> is
/// computed only for integer and bool outputs of at most <see cref="MaxDerivedElements"/> elements: index arithmetic,
/// not the network itself.
/// </summary>
public sealed class ShapeInference(OperatorRegistry? registry = null) : IGraphPass
{
    /// <summary>Largest output computed on the side from specialised input values.</summary>
    public const int MaxDerivedElements = 1 << 16;

    private readonly OperatorRegistry _registry = registry ?? OperatorRegistry.Default;

    /// <inheritdoc />
    public string Name => "shape-inference";

    /// <inheritdoc />
    public bool Run(ComputeGraph graph)
    {
        foreach (var input in graph.Inputs)
        {
            if (input.Shape is null)
            {
                throw new MemfluxException($"{graph.SourceLabel}: graph input '{input.Name}' has no static shape.");
            }
        }

        // Data known before execution but not (yet) folded into the graph: it lets shape subgraphs resolve.
        var known = new Dictionary<Value, Tensor>();
        var derived = new HashSet<Value>(); // known only through specialised input values
        foreach (var (input, data) in graph.SpecializedInputs)
        {
            known[input] = data;
            derived.Add(input);
        }

        foreach (var node in graph.Nodes)
        {
            var op = _registry.Resolve(node);
            op.Validate(node);
            var infos = node.Inputs.Select(v => v is null ? null : Describe(node, v, known)).ToList();
            var outputs = ShapeArithmetic.InferOutputs(op, node, infos);
            if (outputs.Count < node.Outputs.Count)
            {
                throw node.Error($"declares {node.Outputs.Count} outputs but the operator produces {outputs.Count}.");
            }

            for (int i = 0; i < node.Outputs.Count; i++)
            {
                MemoryBudget.Check(outputs[i].Shape, outputs[i].Type, $"{node.Describe()}: output '{node.Outputs[i].Name}'");
            }

            Tensor[]? computed = null;
            bool fromInputs = node.Inputs.Any(v => v is not null && derived.Contains(v));
            if (outputs.Any(o => o.Constant is null) && infos.All(i => i is null || i.Constant is not null)
                && (!fromInputs || outputs.All(o => !o.Type.IsFloatingPoint() && o.Shape.ElementCount <= MaxDerivedElements)))
            {
                computed = ShapeArithmetic.Execute(op, node, [.. infos.Select(i => i?.Constant)]);
            }

            for (int i = 0; i < node.Outputs.Count; i++)
            {
                node.Outputs[i].Type = outputs[i].Type;
                node.Outputs[i].Shape = outputs[i].Shape;
                var data = outputs[i].Constant ?? computed?[i];
                if (data is not null)
                {
                    known[node.Outputs[i]] = data;
                    if (fromInputs)
                    {
                        derived.Add(node.Outputs[i]);
                    }
                }
            }
        }

        foreach (var output in graph.Outputs)
        {
            if (output.Shape is null)
            {
                throw new MemfluxException($"{graph.SourceLabel}: graph output '{output.Name}' is produced by no node.");
            }
        }

        return true;
    }

    private static TensorInfo Describe(Node node, Value v, Dictionary<Value, Tensor> known)
    {
        var data = v.Constant ?? known.GetValueOrDefault(v);
        if (data is not null)
        {
            return TensorInfo.Of(data);
        }

        if (v.Shape is null)
        {
            throw node.Error($"input '{v.Name}' has no known shape (is it produced by a later node or missing from the graph?).");
        }

        return new TensorInfo(v.Type, v.Shape);
    }
}
