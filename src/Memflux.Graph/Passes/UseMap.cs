namespace Memflux.Graph.Passes;

/// <summary>
/// Who reads each value, built once per pass so that rewiring a value costs its consumers, not the whole graph.
/// Passes keep it current as they edit.
/// </summary>
internal sealed class UseMap
{
    private readonly Dictionary<Value, List<Node>> _consumers = [];
    private readonly HashSet<Value> _graphOutputs;

    public UseMap(ComputeGraph graph)
    {
        _graphOutputs = [.. graph.Outputs];
        foreach (var node in graph.Nodes)
        {
            AddConsumer(node);
        }
    }

    /// <summary>The nodes that read <paramref name="value"/> (a node reading it twice appears twice).</summary>
    public IReadOnlyList<Node> Consumers(Value value) => _consumers.TryGetValue(value, out var list) ? list : [];

    /// <summary>True when <paramref name="value"/> is a graph output.</summary>
    public bool IsGraphOutput(Value value) => _graphOutputs.Contains(value);

    /// <summary>True when a node or the graph's outputs read <paramref name="value"/>.</summary>
    public bool IsUsed(Value value) => Consumers(value).Count > 0 || IsGraphOutput(value);

    /// <summary>Records that <paramref name="node"/> reads its current inputs.</summary>
    public void AddConsumer(Node node)
    {
        foreach (var input in node.Inputs)
        {
            if (input is not null)
            {
                if (!_consumers.TryGetValue(input, out var list))
                {
                    _consumers[input] = list = [];
                }

                list.Add(node);
            }
        }
    }

    /// <summary>Forgets that <paramref name="node"/> reads its current inputs (call before removing or rewiring it).</summary>
    public void RemoveConsumer(Node node)
    {
        foreach (var input in node.Inputs)
        {
            if (input is not null && _consumers.TryGetValue(input, out var list))
            {
                list.Remove(node);
            }
        }
    }

    /// <summary>Makes every node that reads <paramref name="from"/> read <paramref name="to"/> instead.</summary>
    public void ReplaceUses(Value from, Value to)
    {
        if (!_consumers.Remove(from, out var readers))
        {
            return;
        }

        foreach (var node in readers.Distinct())
        {
            for (int i = 0; i < node.Inputs.Count; i++)
            {
                if (node.Inputs[i] == from)
                {
                    node.Inputs[i] = to;
                }
            }
        }

        if (!_consumers.TryGetValue(to, out var list))
        {
            _consumers[to] = list = [];
        }

        list.AddRange(readers);
    }

    /// <summary>Replaces input <paramref name="index"/> of <paramref name="node"/> (appending when it is one past the end).</summary>
    public void SetInput(Node node, int index, Value value)
    {
        RemoveConsumer(node);
        if (index == node.Inputs.Count)
        {
            node.Inputs.Add(value);
        }
        else
        {
            node.Inputs[index] = value;
        }

        AddConsumer(node);
    }

    /// <summary>Removes <paramref name="value"/> from the graph when it is a constant nothing reads any more.</summary>
    public void RemoveIfDeadConstant(ComputeGraph graph, Value? value)
    {
        if (value is { IsConstant: true } && !IsUsed(value) && graph.FindValue(value.Name) == value)
        {
            graph.RemoveValue(value);
        }
    }
}
