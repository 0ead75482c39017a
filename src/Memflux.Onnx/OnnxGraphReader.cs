using Memflux.Graph;
using Memflux.Numerics;
using Onnx;

namespace Memflux.Onnx;

/// <summary>Turns a parsed <see cref="ModelProto"/> into the IR: values, initializers, nodes in topological order.</summary>
internal static class OnnxGraphReader
{
    /// <summary>IR versions this reader understands (ONNX 1.2 to 1.17).</summary>
    private const long MaxIrVersion = 10;

    /// <summary>
    /// Builds the graph of <paramref name="scanned"/>: initializers read from <paramref name="bytes"/> (raw_data) or
    /// through <paramref name="external"/>, which attribute tensors use too.
    /// </summary>
    public static ComputeGraph Read(ScannedModel scanned, ModelBytes bytes, ExternalDataFiles external, string source, ImportOptions options)
    {
        var model = scanned.Model;
        if (model.IrVersion is < 3 or > MaxIrVersion)
        {
            throw new MemfluxException($"{source}: ONNX IR version {model.IrVersion} is not supported (expected 3 to {MaxIrVersion}).");
        }

        int opset = DefaultOpset(model, source);
        var g = model.Graph;
        var graph = new ComputeGraph(string.IsNullOrEmpty(g.Name) ? Path.GetFileNameWithoutExtension(source) : g.Name, opset, source);

        var initializers = ReadInitializers(scanned.Initializers, bytes, external, source);
        for (int i = 0; i < initializers.Length; i++)
        {
            graph.AddValue(new Value(scanned.Initializers[i].Header.Name, constant: initializers[i]));
        }

        var usedDimensions = new HashSet<string>(StringComparer.Ordinal);
        foreach (var input in g.Input)
        {
            if (graph.FindValue(input.Name) is { } existing)
            {
                if (existing.IsConstant)
                {
                    continue; // Older exporters list initializers among the inputs too.
                }

                throw new MemfluxException($"{source}: graph input '{input.Name}' is listed twice.");
            }

            var (type, shape) = InputShapes.Resolve(input, source, options, usedDimensions);
            graph.Inputs.Add(graph.AddValue(new Value(input.Name, type, shape)));
        }

        InputShapes.CheckAllUsed(graph, source, options, usedDimensions);
        InputShapes.Specialize(graph, source, options.InputValues);

        var reserved = new HashSet<string>(graph.Values.Keys, StringComparer.Ordinal);
        foreach (var n in g.Node)
        {
            reserved.UnionWith(n.Output);
        }

        var pending = g.Node.Select((n, i) => ReadNode(n, i, reserved, DomainOpset(model, n.Domain, opset), external, source)).ToList();
        AddInTopologicalOrder(graph, pending, source);

        foreach (var output in g.Output)
        {
            var value = graph.FindValue(output.Name)
                ?? throw new MemfluxException($"{source}: graph output '{output.Name}' is produced by no node, input or initializer.");
            if (graph.Outputs.Contains(value))
            {
                throw new MemfluxException($"{source}: graph output '{output.Name}' is listed twice.");
            }

            graph.Outputs.Add(value);
        }

        return graph;
    }

    private static int DefaultOpset(ModelProto model, string source)
    {
        var entry = model.OpsetImport.FirstOrDefault(o => o.Domain is "" or "ai.onnx")
            ?? throw new MemfluxException($"{source}: the model imports no default-domain opset.");
        if (entry.Version is < 1 or > 21)
        {
            throw new MemfluxException($"{source}: default-domain opset {entry.Version} is not supported (expected 1 to 21).");
        }

        return (int)entry.Version;
    }

    /// <summary>The opset version the model imports for <paramref name="domain"/>; the default opset when it imports none.</summary>
    private static int DomainOpset(ModelProto model, string domain, int defaultOpset)
    {
        if (domain is "" or "ai.onnx")
        {
            return defaultOpset;
        }

        var entry = model.OpsetImport.FirstOrDefault(o => o.Domain == domain);
        return entry is null ? defaultOpset : (int)Math.Clamp(entry.Version, int.MinValue, int.MaxValue);
    }

    private static Node ReadNode(NodeProto n, int index, HashSet<string> reserved, int opset, ExternalDataFiles external, string source)
    {
        string name = string.IsNullOrEmpty(n.Name) ? $"{n.OpType}_{index}" : n.Name;
        var attributes = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        foreach (var a in n.Attribute)
        {
            if (!attributes.TryAdd(a.Name, OnnxAttributeReader.Read(a, $"{n.OpType} node '{name}'", source, external)))
            {
                throw new MemfluxException($"{source}: {n.OpType} node '{name}' has attribute '{a.Name}' twice.");
            }
        }

        var outputs = n.Output.Select(o => o.Length == 0 ? new Value(UnusedName(reserved, name)) : new Value(o)).ToList();
        var inputs = n.Input.Select(i => i.Length == 0 ? null : new Value(i)).ToList(); // placeholders, resolved below
        return new Node(n.OpType, name, inputs, outputs, attributes, opset, n.Domain);
    }

    /// <summary>A fresh name for an omitted output of node <paramref name="nodeName"/>, reserved so that no other value takes it.</summary>
    private static string UnusedName(HashSet<string> reserved, string nodeName)
    {
        string candidate = $"{nodeName}_unused";
        for (int i = 1; !reserved.Add(candidate); i++)
        {
            candidate = $"{nodeName}_unused_{i}";
        }

        return candidate;
    }

    /// <summary>Adds nodes so that each comes after the producers of its inputs (ONNX requires this; some exporters do not honour it).</summary>
    private static void AddInTopologicalOrder(ComputeGraph graph, List<Node> nodes, string source)
    {
        var producers = new Dictionary<string, Node>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            foreach (var output in node.Outputs)
            {
                if (graph.FindValue(output.Name) is not null || !producers.TryAdd(output.Name, node))
                {
                    throw new MemfluxException($"{source}: value '{output.Name}' is defined twice (second time by {node.Describe()}).");
                }
            }
        }

        // Depth-first with an explicit stack: a long chain listed in reverse order must not overflow the call stack.
        var state = new Dictionary<Node, int>(); // 1 = visiting, 2 = done
        var stack = new Stack<(Node Node, int NextInput)>();
        foreach (var root in nodes)
        {
            if (!state.TryAdd(root, 1))
            {
                continue;
            }

            stack.Push((root, 0));
            while (stack.Count > 0)
            {
                var (node, next) = stack.Pop();
                if (ResolveInputs(node, ref next))
                {
                    foreach (var output in node.Outputs)
                    {
                        graph.AddValue(output);
                    }

                    graph.AddNode(node);
                    state[node] = 2;
                }
            }
        }

        // Resolves the inputs of node from input index next on; returns false after pushing a producer still to visit.
        bool ResolveInputs(Node node, ref int next)
        {
            for (; next < node.Inputs.Count; next++)
            {
                string? inputName = node.Inputs[next]?.Name;
                if (inputName is null)
                {
                    continue;
                }

                if (producers.TryGetValue(inputName, out var producer))
                {
                    if (!state.TryGetValue(producer, out int s))
                    {
                        stack.Push((node, next));
                        state[producer] = 1;
                        stack.Push((producer, 0));
                        return false;
                    }

                    if (s == 1)
                    {
                        throw new MemfluxException($"{source}: the graph has a cycle through {node.Describe()} (input '{inputName}' depends on its own output).");
                    }
                }

                node.Inputs[next] = graph.FindValue(inputName)
                    ?? throw new MemfluxException($"{source}: {node.Describe()} reads '{inputName}', which no node, input or initializer defines.");
            }

            return true;
        }
    }
    /// <summary>Initializer bytes above which the tensors are read on every core (a copy from the file and its page faults each).</summary>
    private const long ParallelReadBytes = 16 << 20;

    /// <summary>
    /// The initializers' tensors, in order. A large model's (BERT-base: 434 MB) are read in parallel, each into its own
    /// array, unless one keeps external data (whose files are opened on first use, by one thread); a failure is the
    /// first failing tensor's in file order, as a sequential read would report it.
    /// </summary>
    private static Tensor[] ReadInitializers(IReadOnlyList<ScannedTensor> scanned, ModelBytes bytes, ExternalDataFiles external, string source)
    {
        var tensors = new Tensor[scanned.Count];
        bool parallel = scanned.Count > 1
            && scanned.Sum(t => t.RawLength) >= ParallelReadBytes
            && !scanned.Any(t => ExternalDataFiles.IsExternal(t.Header));
        if (!parallel)
        {
            for (int i = 0; i < tensors.Length; i++)
            {
                tensors[i] = OnnxTensorReader.Read(scanned[i], bytes, external, source);
            }

            return tensors;
        }

        var failures = new Exception?[scanned.Count];
        Parallel.For(0, scanned.Count, i =>
        {
            try
            {
                tensors[i] = OnnxTensorReader.Read(scanned[i], bytes, external, source);
            }
            catch (Exception e)
            {
                failures[i] = e;
            }
        });
        if (failures.FirstOrDefault(e => e is not null) is { } first)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
        }

        return tensors;
    }
}
