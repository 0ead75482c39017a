using Memflux.Graph.Ops;
using Memflux.Numerics;

namespace Memflux.Graph.Execution;

/// <summary>
/// Runs a shape-inferred graph in fp32 with the registered operators: the digital baseline every analog
/// result is compared with. Intermediate tensors are released as soon as their last consumer has run.
/// </summary>
public sealed class ReferenceExecutor
{
    private readonly ComputeGraph _graph;
    private readonly Operator[] _operators;
    private readonly Dictionary<Value, int> _useCounts = [];

    /// <summary>Prepares <paramref name="graph"/>; every node's operator is resolved here, so unsupported ops fail early.</summary>
    public ReferenceExecutor(ComputeGraph graph, OperatorRegistry? registry = null)
    {
        _graph = graph;
        registry ??= OperatorRegistry.Default;
        _operators = [.. graph.Nodes.Select(registry.Resolve)];
        foreach (var input in graph.Nodes.SelectMany(n => n.Inputs).OfType<Value>())
        {
            _useCounts[input] = _useCounts.GetValueOrDefault(input) + 1;
        }
    }

    /// <summary>The graph this executor runs.</summary>
    public ComputeGraph Graph => _graph;

    /// <summary>
    /// Optional replacement for a node's execution (the analog executor maps Conv/Gemm/MatMul onto tiles this way).
    /// Returns null to fall back to the reference operator.
    /// </summary>
    public Func<Node, IReadOnlyList<Tensor?>, Tensor[]?>? NodeOverride { get; init; }

    /// <summary>Runs the graph on <paramref name="inputs"/> (by graph input name) and returns the graph outputs by name.</summary>
    public IReadOnlyDictionary<string, Tensor> Run(IReadOnlyDictionary<string, Tensor> inputs)
    {
        var live = new Dictionary<Value, Tensor>();
        foreach (var input in _graph.Inputs)
        {
            if (!inputs.TryGetValue(input.Name, out var tensor))
            {
                throw new MemfluxException($"{_graph.SourceLabel}: graph input '{input.Name}' was not given (expected {input.Type}{input.Shape}).");
            }

            if (tensor.Type != input.Type || (input.Shape is not null && !tensor.Shape.Equals(input.Shape)))
            {
                throw new MemfluxException($"{_graph.SourceLabel}: graph input '{input.Name}' expects {input.Type}{input.Shape}, found {tensor.Type}{tensor.Shape}.");
            }

            live[input] = tensor;
        }

        foreach (string name in inputs.Keys)
        {
            if (!_graph.Inputs.Any(i => i.Name == name))
            {
                throw new MemfluxException($"{_graph.SourceLabel}: '{name}' is not a graph input (inputs: {string.Join(", ", _graph.Inputs.Select(i => i.Name))}).");
            }
        }

        var remaining = new Dictionary<Value, int>(_useCounts);
        var outputs = _graph.Outputs.ToHashSet();
        var args = new List<Tensor?>();
        for (int i = 0; i < _graph.Nodes.Count; i++)
        {
            var node = _graph.Nodes[i];
            args.Clear();
            foreach (var v in node.Inputs)
            {
                args.Add(v is null ? null : v.Constant ?? live[v]);
            }

            var results = NodeOverride?.Invoke(node, args) ?? _operators[i].Execute(node, args);
            for (int o = 0; o < node.Outputs.Count; o++)
            {
                live[node.Outputs[o]] = results[o];
            }

            foreach (var v in node.Inputs)
            {
                if (v is not null && --remaining[v] == 0 && !outputs.Contains(v))
                {
                    live.Remove(v);
                }
            }
        }

        return _graph.Outputs.ToDictionary(v => v.Name, v => v.Constant ?? live[v], StringComparer.Ordinal);
    }
}
