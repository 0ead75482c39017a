namespace Memflux.Graph.Passes;

/// <summary>
/// Removes nodes none of whose outputs reach a graph output, then every value nothing defines or reads any more
/// (unused initializers included). Graph inputs stay: they are the model's interface.
/// </summary>
public sealed class DeadCodeElimination : IGraphPass
{
    /// <inheritdoc />
    public string Name => "dead-code-elimination";

    /// <inheritdoc />
    public bool Run(ComputeGraph graph)
    {
        var live = new HashSet<Value>(graph.Outputs);
        var dead = new HashSet<Node>();
        for (int i = graph.Nodes.Count - 1; i >= 0; i--)
        {
            var node = graph.Nodes[i];
            if (node.Outputs.Any(live.Contains))
            {
                live.UnionWith(node.Inputs.OfType<Value>());
            }
            else
            {
                dead.Add(node);
            }
        }

        graph.Nodes.RemoveAll(dead.Contains);
        var inputs = new HashSet<Value>(graph.Inputs);
        var unused = graph.Values.Values
            .Where(v => !live.Contains(v) && !inputs.Contains(v) && (v.Producer is null || dead.Contains(v.Producer)))
            .ToList();
        foreach (var value in unused)
        {
            graph.RemoveValue(value);
        }

        return dead.Count > 0 || unused.Count > 0;
    }
}
