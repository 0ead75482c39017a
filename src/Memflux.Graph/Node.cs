using Memflux.Numerics;

namespace Memflux.Graph;

/// <summary>One operator application: op type, inputs, outputs and attributes.</summary>
public sealed class Node
{
    /// <summary>Creates a node; <paramref name="inputs"/> may hold null for omitted optional inputs.</summary>
    public Node(string opType, string name, IEnumerable<Value?> inputs, IEnumerable<Value> outputs, IReadOnlyDictionary<string, AttributeValue>? attributes = null, int opset = 17, string domain = "")
    {
        OpType = opType;
        Name = name;
        Domain = domain;
        Opset = opset;
        Inputs = [.. inputs];
        Outputs = [.. outputs];
        Attributes = new AttributeMap(this, attributes ?? new Dictionary<string, AttributeValue>());
    }

    /// <summary>The ONNX op type, e.g. <c>Conv</c>.</summary>
    public string OpType { get; }

    /// <summary>The node name (may be empty in the source file; the importer then makes one).</summary>
    public string Name { get; }

    /// <summary>The operator domain; "" is the default ONNX domain.</summary>
    public string Domain { get; }

    /// <summary>The opset version of the node's domain that the model declares.</summary>
    public int Opset { get; }

    /// <summary>Inputs in ONNX order; null marks an omitted optional input.</summary>
    public List<Value?> Inputs { get; }

    /// <summary>Outputs in ONNX order.</summary>
    public List<Value> Outputs { get; }

    /// <summary>The attributes.</summary>
    public AttributeMap Attributes { get; }

    /// <summary>Input <paramref name="index"/>, or null when absent or omitted.</summary>
    public Value? InputOrNull(int index) => index < Inputs.Count ? Inputs[index] : null;

    /// <summary>A user-facing error about this node.</summary>
    public MemfluxException Error(string message) => new($"{Describe()}: {message}");

    /// <summary>"Conv node 'conv1' (opset 13)".</summary>
    public string Describe() => $"{(Domain.Length == 0 ? "" : Domain + ".")}{OpType} node '{Name}' (opset {Opset})";

    /// <inheritdoc />
    public override string ToString() => Describe();
}
