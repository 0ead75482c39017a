using Memflux.Graph.Ops;
using Memflux.Numerics;

namespace Memflux.Graph.Execution;

/// <summary>
/// Runs a shape-inferred graph in fp32 with the registered operators: the digital baseline every analog
/// result is compared with. Intermediate tensors are released as soon as their last consumer has run, and their buffers
/// go to the executor's <see cref="BufferPool"/>, from which later nodes (of this run or the next) take their outputs.
/// Convolutions run with the Add and Relu that alone read their outputs fused in (see <see cref="ExecutionPlan"/>),
/// unless <see cref="FuseConvolutionEpilogues"/> is off or <see cref="NodeOverride"/> is set without
/// <see cref="FusedConvolutionOverride"/>; the results are the same bits.
/// </summary>
public sealed class ReferenceExecutor
{
    private readonly ComputeGraph _graph;
    private readonly Operator[] _operators;
    private ExecutionPlan? _plan;

    // Buffers of constants: never overwritten, even when a view of one (Reshape of an initializer) is live.
    private readonly HashSet<float[]> _constantBuffers = new(ReferenceEqualityComparer.Instance);
    private readonly BufferPool _pool = new();

    /// <summary>Prepares <paramref name="graph"/>; every node's operator is resolved here, so unsupported ops fail early.</summary>
    public ReferenceExecutor(ComputeGraph graph, OperatorRegistry? registry = null)
    {
        _graph = graph;
        registry ??= OperatorRegistry.Default;
        _operators = [.. graph.Nodes.Select(registry.Resolve)];
        foreach (var input in graph.Nodes.SelectMany(n => n.Inputs).OfType<Value>())
        {
            if (input.Constant is { Type: DataType.Float32 } constant)
            {
                _constantBuffers.Add(constant.Float32Array);
            }
        }
    }

    /// <summary>The graph this executor runs.</summary>
    public ComputeGraph Graph => _graph;

    /// <summary>
    /// Optional replacement for a node's execution (the analog executor maps Conv/Gemm/MatMul onto tiles this way).
    /// Returns null to fall back to the reference operator.
    /// </summary>
    public Func<Node, IReadOnlyList<Tensor?>, Tensor[]?>? NodeOverride { get; init; }

    /// <summary>
    /// Whether a Conv runs with the Add and/or Relu that alone read its output (default on). With
    /// <see cref="NodeOverride"/> set, only when <see cref="FusedConvolutionOverride"/> is set too, since the
    /// override would otherwise see every node.
    /// </summary>
    public bool FuseConvolutionEpilogues { get; init; } = true;

    /// <summary>
    /// Optional replacement for a fused Conv step: (the Conv node, its inputs, the addend or null, whether Relu follows)
    /// → the step's result, with the bits of running the Conv, Add and Relu as separate nodes. Returns null to fall back
    /// to the reference Conv with the same epilogue. The absorbed Add and Relu nodes are not passed to
    /// <see cref="NodeOverride"/>.
    /// </summary>
    public Func<Node, IReadOnlyList<Tensor?>, Tensor?, bool, Tensor[]?>? FusedConvolutionOverride { get; init; }

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

            if (_graph.SpecializedInputs.TryGetValue(input, out var specialized) && !specialized.Bytes.SequenceEqual(tensor.Bytes))
            {
                throw new MemfluxException($"{_graph.SourceLabel}: the graph was imported for the values of input '{input.Name}' given then (they decide its shapes); run it with those values or import it again for these.");
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

        using var pooled = _pool.Activate();
        _plan ??= ExecutionPlan.Build(_graph, _operators, FuseConvolutionEpilogues && (NodeOverride is null || FusedConvolutionOverride is not null));
        var remaining = new Dictionary<Value, int>(_plan.UseCounts);
        var outputs = _graph.Outputs.ToHashSet();
        var buffers = new BufferOwners(_constantBuffers, inputs.Values);
        var args = new List<Tensor?>();
        foreach (var step in _plan.Steps)
        {
            var node = _graph.Nodes[step.Node];
            args.Clear();
            foreach (var v in node.Inputs)
            {
                args.Add(v is null ? null : v.Constant ?? live[v]);
            }

            var op = _operators[step.Node];
            var addend = step.Addend is { } a ? a.Constant ?? live[a] : null;
            Tensor[] results;
            try
            {
                results = step.IsFused
                    ? FusedConvolutionOverride?.Invoke(node, args, addend, step.Relu) ?? [Conv.ExecuteFused(node, args, addend, step.Relu)]
                    : NodeOverride?.Invoke(node, args)
                        ?? (op.SupportsInPlace && CanOverwriteInput0(node, args, remaining, outputs, buffers) ? op.ExecuteInPlace(node, args) : op.Execute(node, args));
            }
            catch (MemfluxException e) when (RunErrorMessage(node, e) is { } message)
            {
                throw new MemfluxException(message, e);
            }
            for (int o = 0; o < step.Outputs.Count; o++)
            {
                live[step.Outputs[o]] = results[o];
                buffers.Acquire(results[o]);
            }

            foreach (var v in step.Inputs)
            {
                if (v is not null && --remaining[v] == 0 && !outputs.Contains(v) && live.Remove(v, out var dead) && buffers.Release(dead))
                {
                    _pool.Return(dead.Float32Array);
                }
            }
        }

        _pool.TrimToDemand();
        return _graph.Outputs.ToDictionary(v => v.Name, v => v.Constant ?? live[v], StringComparer.Ordinal);
    }

    /// <summary>
    /// A node's error at run time (an index out of range in data the model computed) as the user needs it: naming the
    /// node and, for an imported graph, the model file (issue 18 §6); null when the message already names both.
    /// </summary>
    private string? RunErrorMessage(Node node, MemfluxException e)
    {
        string message = e.Message;
        if (!message.Contains(node.Describe(), StringComparison.Ordinal))
        {
            message = $"{node.Describe()}: {message}";
        }

        if (_graph.Source.Length > 0 && !message.StartsWith(_graph.Source, StringComparison.Ordinal))
        {
            message = $"{_graph.Source}: {message}";
        }

        return ReferenceEquals(message, e.Message) ? null : message;
    }

    /// <summary>
    /// Input 0's buffer may take output 0 when this node is its last reader, it is not a graph input or output, it has
    /// output 0's type and shape, and no other live value, constant or caller tensor shares the buffer.
    /// </summary>
    private static bool CanOverwriteInput0(Node node, List<Tensor?> args, Dictionary<Value, int> remaining, HashSet<Value> outputs, BufferOwners buffers)
    {
        var v = node.Inputs.Count > 0 ? node.Inputs[0] : null;
        var x = args.Count > 0 ? args[0] : null;
        return v is { IsConstant: false } && x is { Type: DataType.Float32 } && remaining[v] == 1 && !outputs.Contains(v)
            && x.Shape.Equals(node.Outputs[0].Shape) && node.Outputs[0].Type == DataType.Float32 && buffers.SoleOwner(x);
    }

    /// <summary>How many live values see each fp32 buffer (views share one); constants and caller inputs are pinned.</summary>
    private sealed class BufferOwners(HashSet<float[]> constants, IEnumerable<Tensor> callerInputs)
    {
        private readonly Dictionary<float[], int> _owners = new(ReferenceEqualityComparer.Instance);
        private readonly HashSet<float[]> _pinned = [.. constants, .. callerInputs.Where(t => t.Type == DataType.Float32).Select(t => t.Float32Array)];

        public void Acquire(Tensor t)
        {
            if (t.Type == DataType.Float32)
            {
                _owners[t.Float32Array] = _owners.GetValueOrDefault(t.Float32Array) + 1;
            }
        }

        /// <summary>Drops one owner; true when the buffer is now unowned and not pinned, so nothing can read it any more.</summary>
        public bool Release(Tensor t)
        {
            if (t.Type != DataType.Float32 || !_owners.TryGetValue(t.Float32Array, out int n))
            {
                return false;
            }

            if (n > 1)
            {
                _owners[t.Float32Array] = n - 1;
                return false;
            }

            _owners.Remove(t.Float32Array);
            return !_pinned.Contains(t.Float32Array);
        }

        public bool SoleOwner(Tensor t) => !_pinned.Contains(t.Float32Array) && _owners.GetValueOrDefault(t.Float32Array) == 1;
    }
}
