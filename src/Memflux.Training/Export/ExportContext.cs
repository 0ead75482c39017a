using Memflux.Graph;
using Memflux.Numerics;

namespace Memflux.Training.Export;

/// <summary>Collects ONNX nodes and initializers while layers export themselves into a <see cref="ComputeGraph"/>.</summary>
internal sealed class ExportContext(ComputeGraph graph, ExportOptions options)
{
    public ComputeGraph Graph { get; } = graph;

    public ExportOptions Options { get; } = options;

    /// <summary>Adds an fp32 initializer holding a copy of <paramref name="data"/>.</summary>
    public Value Constant(string stem, ReadOnlySpan<float> data, params ReadOnlySpan<int> dims)
    {
        var tensor = Tensor.FromFloat32(data.ToArray(), new TensorShape(dims));
        return Graph.AddValue(new Value(Graph.UniqueName(stem), constant: tensor));
    }

    /// <summary>Adds a node with one output and returns that output.</summary>
    public Value Node(string opType, string layerName, IEnumerable<Value> inputs, Dictionary<string, AttributeValue>? attributes = null)
    {
        string stem = layerName.Length > 0 ? layerName : opType.ToLowerInvariant();
        string name = Graph.UniqueName(stem);
        var output = Graph.AddValue(new Value(name));
        Graph.AddNode(new Node(opType, name, inputs, [output], attributes, Graph.Opset));
        return output;
    }

    /// <summary>An ints attribute.</summary>
    public static AttributeValue Ints(params long[] values) => AttributeValue.Of(values);
}
