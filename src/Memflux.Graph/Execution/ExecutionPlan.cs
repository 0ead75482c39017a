using Memflux.Graph.Ops;
using Memflux.Numerics;

namespace Memflux.Graph.Execution;

/// <summary>
/// The order in which <see cref="ReferenceExecutor"/> runs a graph: one step per node, except that a Conv whose output
/// only an Add (with a Float32 operand of the same shape) and/or a Relu read becomes one step with that epilogue
/// (<see cref="Conv.ExecuteFused"/>), so the intermediate tensors never exist. The fused step takes the place of the
/// chain's last node: the Add's other operand may be computed after the Conv, and nothing else reads the Conv's output,
/// so running the Conv later changes no result. The ResNet block ends (Conv → Add → Relu, Conv → Relu) fuse this way.
/// </summary>
internal sealed class ExecutionPlan
{
    private ExecutionPlan(IReadOnlyList<ExecutionStep> steps)
    {
        Steps = steps;
        foreach (var v in steps.SelectMany(s => s.Inputs).OfType<Value>())
        {
            UseCounts[v] = UseCounts.GetValueOrDefault(v) + 1;
        }
    }

    /// <summary>The steps in execution order.</summary>
    public IReadOnlyList<ExecutionStep> Steps { get; }

    /// <summary>How many step inputs read each value (a value read twice by one step counts twice).</summary>
    public Dictionary<Value, int> UseCounts { get; } = [];

    /// <summary>One step per node, or with <paramref name="fuse"/> the Conv epilogues fused as described above.</summary>
    public static ExecutionPlan Build(ComputeGraph graph, IReadOnlyList<Operator> operators, bool fuse)
    {
        var nodes = graph.Nodes;
        var chains = fuse ? FindChains(graph, operators) : [];
        var absorbed = chains.Values.SelectMany(c => c.Absorbed).ToHashSet();
        var steps = new List<ExecutionStep>(nodes.Count);
        for (int i = 0; i < nodes.Count; i++)
        {
            if (chains.TryGetValue(i, out var chain))
            {
                var conv = nodes[chain.Conv];
                steps.Add(new ExecutionStep(chain.Conv, [.. conv.Inputs, .. chain.Addend is null ? Array.Empty<Value>() : [chain.Addend]], nodes[i].Outputs, chain.Addend, chain.Relu));
            }
            else if (!absorbed.Contains(i))
            {
                steps.Add(new ExecutionStep(i, nodes[i].Inputs, nodes[i].Outputs, null, Relu: false));
            }
        }

        return new ExecutionPlan(steps);
    }

    /// <summary>Fusable chains by the index of their last node.</summary>
    private static Dictionary<int, Chain> FindChains(ComputeGraph graph, IReadOnlyList<Operator> operators)
    {
        var nodes = graph.Nodes;
        var readers = new Dictionary<Value, List<int>>();
        for (int i = 0; i < nodes.Count; i++)
        {
            foreach (var v in nodes[i].Inputs.OfType<Value>())
            {
                if (!readers.TryGetValue(v, out var list))
                {
                    readers[v] = list = [];
                }

                list.Add(i);
            }
        }

        var graphOutputs = graph.Outputs.ToHashSet();
        int SoleReader(Value v) =>
            !graphOutputs.Contains(v) && readers.TryGetValue(v, out var r) && r.Count == 1 ? r[0] : -1;

        var chains = new Dictionary<int, Chain>();
        for (int i = 0; i < nodes.Count; i++)
        {
            if (operators[i] is not Conv || nodes[i].Outputs.Count != 1)
            {
                continue;
            }

            var y = nodes[i].Outputs[0];
            int next = SoleReader(y);
            if (next < 0)
            {
                continue;
            }

            if (operators[next] is Relu)
            {
                chains.Add(next, new Chain(i, [i], null, Relu: true));
                continue;
            }

            if (operators[next] is not Add || AddendOf(nodes[next], y) is not { } addend)
            {
                continue;
            }

            var sum = nodes[next].Outputs[0];
            int relu = SoleReader(sum);
            bool fuseRelu = relu >= 0 && operators[relu] is Relu;
            // When both operands of the Add are sole-read Conv outputs (a downsampling block), the first Conv takes the
            // epilogue and the second runs alone, producing the addend.
            chains.TryAdd(fuseRelu ? relu : next, new Chain(i, fuseRelu ? [i, next] : [i], addend, fuseRelu));
        }

        return chains;
    }

    /// <summary>The Add's other operand when it has y's type and shape (no broadcasting) and the sum does too.</summary>
    private static Value? AddendOf(Node add, Value y)
    {
        if (add.Inputs.Count != 2 || add.Inputs[0] is not { } a || add.Inputs[1] is not { } b || ReferenceEquals(a, b))
        {
            return null;
        }

        var other = ReferenceEquals(a, y) ? b : a;
        return other.Type == DataType.Float32 && y.Type == DataType.Float32 && y.Shape is { } shape
            && shape.Equals(other.Shape) && shape.Equals(add.Outputs[0].Shape)
            ? other
            : null;
    }

    /// <param name="Conv">The Conv node's index.</param>
    /// <param name="Absorbed">Nodes of the chain that get no step of their own (all but the last).</param>
    /// <param name="Addend">The fused Add's other operand, or null.</param>
    /// <param name="Relu">Whether a Relu ends the chain.</param>
    private sealed record Chain(int Conv, int[] Absorbed, Value? Addend, bool Relu);
}

/// <summary>
/// One step: node <paramref name="Node"/> reading <paramref name="Inputs"/> (its own inputs, then the fused addend) and
/// producing <paramref name="Outputs"/> (for a fused Conv, those of the chain's last node).
/// </summary>
/// <param name="Node">The index of the node that runs (the Conv of a fused chain).</param>
/// <param name="Inputs">The values the step reads.</param>
/// <param name="Outputs">The values the step produces.</param>
/// <param name="Addend">The fused Add's other operand, or null.</param>
/// <param name="Relu">Whether the step ends with a fused Relu.</param>
internal sealed record ExecutionStep(int Node, IReadOnlyList<Value?> Inputs, IReadOnlyList<Value> Outputs, Value? Addend, bool Relu)
{
    /// <summary>Whether the step runs a Conv with an epilogue.</summary>
    public bool IsFused => Addend is not null || Relu;
}
