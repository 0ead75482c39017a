namespace Memflux.Graph.Passes;

/// <summary>
/// Removes Identity nodes and Dropout nodes in inference mode (Dropout is the identity at inference), wiring their
/// consumers to the input. Graph output names stay as the model declares them: when the removed node's output is a
/// graph output, the producer of its input takes over that output name; when that is impossible (the input is a graph
/// input, a constant or itself a graph output) the node stays.
/// </summary>
public sealed class EliminateIdentity : IGraphPass
{
    /// <inheritdoc />
    public string Name => "eliminate-identity";

    /// <inheritdoc />
    public bool Run(ComputeGraph graph)
    {
        var uses = new UseMap(graph);
        var removed = new HashSet<Node>();
        foreach (var node in graph.Nodes)
        {
            if (IsIdentity(node, uses) && TryBypass(graph, uses, node))
            {
                removed.Add(node);
            }
        }

        graph.Nodes.RemoveAll(removed.Contains);
        return removed.Count > 0;
    }

    /// <summary>Identity, or Dropout whose mask nobody reads and that is not switched to training mode by an input.</summary>
    private static bool IsIdentity(Node node, UseMap uses)
    {
        if (node.Domain is not ("" or "ai.onnx") || node.Inputs.Count == 0 || node.Inputs[0] is null || node.Outputs.Count == 0)
        {
            return false;
        }

        return node.OpType switch
        {
            "Identity" => node.Outputs.Count == 1,
            "Dropout" => IsInferenceMode(node.InputOrNull(2)) && node.Outputs.Skip(1).All(o => !uses.IsUsed(o)),
            _ => false,
        };
    }

    /// <summary>Dropout's training_mode input is absent or a constant false.</summary>
    private static bool IsInferenceMode(Value? trainingMode) =>
        trainingMode is null || (trainingMode.Constant is { Length: 1 } flag && flag.GetAsDouble(0) == 0);

    private static bool TryBypass(ComputeGraph graph, UseMap uses, Node node)
    {
        var x = node.Inputs[0]!;
        var y = node.Outputs[0];
        if (uses.IsGraphOutput(y))
        {
            // The producer of x renames its output to y; x's other readers follow.
            var producer = x.Producer;
            if (producer is null || uses.IsGraphOutput(x))
            {
                return false;
            }

            uses.RemoveConsumer(node);
            producer.Outputs[producer.Outputs.IndexOf(x)] = y;
            y.Producer = producer;
            (y.Type, y.Shape) = (x.Type, x.Shape);
            uses.ReplaceUses(x, y);
            graph.RemoveValue(x);
        }
        else
        {
            uses.RemoveConsumer(node);
            uses.ReplaceUses(y, x);
            graph.RemoveValue(y);
        }

        foreach (var parameter in node.Inputs.Skip(1))
        {
            uses.RemoveIfDeadConstant(graph, parameter); // Dropout's ratio and training_mode
        }

        foreach (var extra in node.Outputs.Skip(1))
        {
            graph.RemoveValue(extra);
        }

        return true;
    }
}
