using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX Constant: a tensor from exactly one of the attributes <c>value</c> (tensor), or from opset 12
/// <c>value_float</c>, <c>value_floats</c>, <c>value_int</c>, <c>value_ints</c>. Sparse and string constants are not supported.
/// </summary>
public sealed class Constant : Operator
{
    /// <inheritdoc />
    public override string OpType => "Constant";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["value", "value_float", "value_floats", "value_int", "value_ints"];

    /// <inheritdoc />
    public override int MinInputs => 0;

    /// <inheritdoc />
    public override int MaxInputs => 0;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs) => [TensorInfo.Of(Value(node))];

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs) => [Value(node)];

    private static Tensor Value(Node node)
    {
        if (node.Attributes.Count != 1)
        {
            string found = node.Attributes.Count == 0 ? "none" : string.Join(", ", node.Attributes.Keys);
            throw node.Error($"exactly one of the attributes value, value_float, value_floats, value_int, value_ints must be set; found {found}.");
        }

        var (name, attribute) = node.Attributes.First();
        if (name != "value" && node.Opset < 12)
        {
            throw node.Error($"attribute '{name}' exists from opset 12; before that only 'value' is allowed.");
        }

        return name switch
        {
            "value" => node.Attributes.GetTensor(name)!,
            "value_float" => Tensor.Scalar(node.Attributes.GetFloat(name, 0f)),
            "value_floats" => Tensor.FromFloat32([.. node.Attributes.GetFloats(name)!], new TensorShape(attribute.Floats.Count)),
            "value_int" => Tensor.FromInt64([node.Attributes.GetInt(name, 0)], TensorShape.Scalar),
            _ => Tensor.FromInt64([.. node.Attributes.GetInts(name)!], new TensorShape(attribute.Ints.Count)),
        };
    }
}
