using System.Globalization;
using Memflux.Graph;
using Memflux.Numerics;
using Onnx;

namespace Memflux.Onnx;

/// <summary>Turns a parsed <see cref="ModelProto"/> into the IR: values, initializers, nodes in topological order.</summary>
internal static class OnnxGraphReader
{
    /// <summary>IR versions this reader understands (ONNX 1.2 to 1.17).</summary>
    private const long MaxIrVersion = 10;

    public static ComputeGraph Read(ModelProto model, string source, ImportOptions options)
    {
        if (model.IrVersion is < 3 or > MaxIrVersion)
        {
            throw new MemfluxException($"{source}: ONNX IR version {model.IrVersion} is not supported (expected 3 to {MaxIrVersion}).");
        }

        int opset = DefaultOpset(model, source);
        var g = model.Graph;
        var graph = new ComputeGraph(string.IsNullOrEmpty(g.Name) ? Path.GetFileNameWithoutExtension(source) : g.Name, opset, source);

        foreach (var init in g.Initializer)
        {
            graph.AddValue(new Value(init.Name, constant: OnnxTensorReader.Read(init, source)));
        }

        foreach (var input in g.Input)
        {
            if (graph.FindValue(input.Name) is not null)
            {
                continue; // Older exporters list initializers among the inputs too.
            }

            var (type, shape) = ReadValueInfo(input, source, options.BatchSize);
            graph.Inputs.Add(graph.AddValue(new Value(input.Name, type, shape)));
        }

        var pending = g.Node.Select((n, i) => ReadNode(n, i, graph, opset, source)).ToList();
        AddInTopologicalOrder(graph, pending, source);

        foreach (var output in g.Output)
        {
            var value = graph.FindValue(output.Name)
                ?? throw new MemfluxException($"{source}: graph output '{output.Name}' is produced by no node, input or initializer.");
            graph.Outputs.Add(value);
        }

        return graph;
    }

    private static int DefaultOpset(ModelProto model, string source)
    {
        var entry = model.OpsetImport.FirstOrDefault(o => o.Domain is "" or "ai.onnx")
            ?? throw new MemfluxException($"{source}: the model imports no default-domain opset.");
        if (entry.Version is < 7 or > 21)
        {
            throw new MemfluxException($"{source}: default-domain opset {entry.Version} is not supported (expected 7 to 21).");
        }

        return (int)entry.Version;
    }

    private static (DataType Type, TensorShape Shape) ReadValueInfo(ValueInfoProto info, string source, int? batchSize)
    {
        var tensorType = info.Type?.TensorType
            ?? throw new MemfluxException($"{source}: graph input '{info.Name}' is not a tensor (sequences, maps and optionals are not supported).");
        var type = OnnxTensorReader.MapType((TensorProto.Types.DataType)tensorType.ElemType, $"graph input '{info.Name}'", source);
        if (tensorType.Shape is null)
        {
            throw new MemfluxException($"{source}: graph input '{info.Name}' has no shape; a static shape is required.");
        }

        var dims = new int[tensorType.Shape.Dim.Count];
        for (int i = 0; i < dims.Length; i++)
        {
            var d = tensorType.Shape.Dim[i];
            if (i == 0 && batchSize is int b)
            {
                dims[i] = b;
            }
            else if (d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue && d.DimValue > 0 && d.DimValue <= int.MaxValue)
            {
                dims[i] = (int)d.DimValue;
            }
            else
            {
                string found = d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam ? $"symbolic '{d.DimParam}'" : d.DimValue.ToString(CultureInfo.InvariantCulture);
                string hint = i == 0 ? " (pass a batch size to fix the first dimension)" : "";
                throw new MemfluxException($"{source}: graph input '{info.Name}' dimension {i} is {found}; expected a positive static size{hint}.");
            }
        }

        return (type, new TensorShape(dims));
    }

    private static Node ReadNode(NodeProto n, int index, ComputeGraph graph, int opset, string source)
    {
        string name = string.IsNullOrEmpty(n.Name) ? $"{n.OpType}_{index}" : n.Name;
        var attributes = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        foreach (var a in n.Attribute)
        {
            if (!attributes.TryAdd(a.Name, OnnxAttributeReader.Read(a, $"{n.OpType} node '{name}'", source)))
            {
                throw new MemfluxException($"{source}: {n.OpType} node '{name}' has attribute '{a.Name}' twice.");
            }
        }

        var outputs = n.Output.Select(o => o.Length == 0 ? new Value(graph.UniqueName($"{name}_unused")) : new Value(o)).ToList();
        var inputs = n.Input.Select(i => i.Length == 0 ? null : new Value(i)).ToList(); // placeholders, resolved below
        return new Node(n.OpType, name, inputs, outputs, attributes, opset, n.Domain);
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

        var state = new Dictionary<Node, int>(); // 1 = visiting, 2 = done
        foreach (var node in nodes)
        {
            Visit(node);
        }

        void Visit(Node node)
        {
            if (state.TryGetValue(node, out int s))
            {
                if (s == 1)
                {
                    throw new MemfluxException($"{source}: the graph has a cycle through {node.Describe()}.");
                }

                return;
            }

            state[node] = 1;
            for (int i = 0; i < node.Inputs.Count; i++)
            {
                string? inputName = node.Inputs[i]?.Name;
                if (inputName is null)
                {
                    continue;
                }

                if (producers.TryGetValue(inputName, out var producer))
                {
                    Visit(producer);
                }

                node.Inputs[i] = graph.FindValue(inputName)
                    ?? throw new MemfluxException($"{source}: {node.Describe()} reads '{inputName}', which no node, input or initializer defines.");
            }

            foreach (var output in node.Outputs)
            {
                graph.AddValue(output);
            }

            graph.AddNode(node);
            state[node] = 2;
        }
    }
}
