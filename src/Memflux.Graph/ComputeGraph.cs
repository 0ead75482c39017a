using Memflux.Numerics;

namespace Memflux.Graph;

/// <summary>
/// A dataflow graph independent of any file format: nodes in topological order, the graph's inputs and outputs,
/// and every value by name. Initializers are values with <see cref="Value.Constant"/> set.
/// </summary>
public sealed class ComputeGraph
{
    private readonly Dictionary<string, Value> _values = new(StringComparer.Ordinal);

    /// <summary>Creates an empty graph.</summary>
    public ComputeGraph(string name, int opset, string source = "")
    {
        Name = name;
        Opset = opset;
        Source = source;
    }

    /// <summary>The graph name.</summary>
    public string Name { get; }

    /// <summary>The default-domain opset version the model declares.</summary>
    public int Opset { get; }

    /// <summary>Where the graph came from (a file path), for error messages.</summary>
    public string Source { get; }

    /// <summary>Nodes in topological order.</summary>
    public List<Node> Nodes { get; } = [];

    /// <summary>Non-constant graph inputs, in model order.</summary>
    public List<Value> Inputs { get; } = [];

    /// <summary>Graph outputs, in model order.</summary>
    public List<Value> Outputs { get; } = [];

    /// <summary>
    /// Values of graph inputs the graph is specialised to: shape inference may use them to resolve shapes that depend on
    /// input data (a Reshape whose target shape is a graph input), and the executor refuses other values for these
    /// inputs. Empty unless the importer was given input values.
    /// </summary>
    public Dictionary<Value, Tensor> SpecializedInputs { get; } = [];

    /// <summary>Every value by name.</summary>
    public IReadOnlyDictionary<string, Value> Values => _values;

    /// <summary>Constant values (initializers and folded constants).</summary>
    public IEnumerable<Value> Constants => _values.Values.Where(v => v.IsConstant);

    /// <summary>Adds a value; its name must be new.</summary>
    public Value AddValue(Value value)
    {
        if (!_values.TryAdd(value.Name, value))
        {
            throw new MemfluxException($"{SourceLabel}: value name '{value.Name}' is defined twice.");
        }

        return value;
    }

    /// <summary>The value named <paramref name="name"/>, or null.</summary>
    public Value? FindValue(string name) => _values.GetValueOrDefault(name);

    /// <summary>Removes a value that no node or graph output uses any more.</summary>
    public void RemoveValue(Value value) => _values.Remove(value.Name);

    /// <summary>Makes a value name not yet used, starting from <paramref name="stem"/>.</summary>
    public string UniqueName(string stem)
    {
        if (!_values.ContainsKey(stem))
        {
            return stem;
        }

        for (int i = 1; ; i++)
        {
            string candidate = $"{stem}_{i}";
            if (!_values.ContainsKey(candidate))
            {
                return candidate;
            }
        }
    }

    /// <summary>Appends a node, registering it as the producer of its outputs.</summary>
    public Node AddNode(Node node)
    {
        foreach (var output in node.Outputs)
        {
            output.Producer = node;
        }

        Nodes.Add(node);
        return node;
    }

    /// <summary>The nodes that read <paramref name="value"/>.</summary>
    public IEnumerable<Node> Consumers(Value value) => Nodes.Where(n => n.Inputs.Contains(value));

    /// <summary>Counts of the parameters: elements of every fp32 constant that a node reads.</summary>
    public long ParameterCount() =>
        Nodes.SelectMany(n => n.Inputs).OfType<Value>().Where(v => v.Constant is { Type: DataType.Float32 }).Distinct().Sum(v => (long)v.Constant!.Length);

    /// <summary>"model.onnx" or the graph name when there is no source.</summary>
    public string SourceLabel => Source.Length > 0 ? Source : $"graph '{Name}'";
}
