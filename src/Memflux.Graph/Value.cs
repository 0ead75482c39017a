using Memflux.Numerics;

namespace Memflux.Graph;

/// <summary>
/// A named edge of the graph: a graph input, an initializer (constant), or a node output.
/// Shape and type are filled in by shape inference; <see cref="Constant"/> is set for initializers and folded values.
/// </summary>
public sealed class Value
{
    /// <summary>Creates a value.</summary>
    public Value(string name, DataType type = DataType.Float32, TensorShape? shape = null, Tensor? constant = null)
    {
        Name = name;
        Type = constant?.Type ?? type;
        Shape = constant?.Shape ?? shape;
        Constant = constant;
    }

    /// <summary>The unique name (the ONNX value name).</summary>
    public string Name { get; }

    /// <summary>The element type.</summary>
    public DataType Type { get; set; }

    /// <summary>The static shape; null until shape inference has run.</summary>
    public TensorShape? Shape { get; set; }

    /// <summary>The constant data, for initializers and values that constant folding computed.</summary>
    public Tensor? Constant { get; set; }

    /// <summary>The node that produces this value, or null for graph inputs and initializers.</summary>
    public Node? Producer { get; set; }

    /// <summary>True when the value is known before execution.</summary>
    public bool IsConstant => Constant is not null;

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {Type}{Shape?.ToString() ?? "[?]"}";
}
