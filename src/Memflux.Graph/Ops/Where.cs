using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX Where (opset 9+): y = condition ? X : Y elementwise, the three inputs broadcast together
/// (multidirectionally); condition is bool, X and Y share any element type, which the output has.
/// </summary>
public sealed class Where : Operator
{
    /// <inheritdoc />
    public override string OpType => "Where";

    /// <inheritdoc />
    public override int MinInputs => 3;

    /// <inheritdoc />
    public override int MaxInputs => 3;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var condition = RequireInput(node, inputs, 0);
        var x = RequireInput(node, inputs, 1);
        var y = RequireInput(node, inputs, 2);
        if (condition.Type != DataType.Bool)
        {
            throw node.Error($"input 0 (condition) must be Bool, found {condition.Type}.");
        }

        if (x.Type != y.Type)
        {
            throw node.Error($"inputs 1 (X) and 2 (Y) must have the same element type, found {x.Type} and {y.Type}.");
        }

        var shape = Broadcasting.BroadcastShape(node, Broadcasting.BroadcastShape(node, condition.Shape, x.Shape), y.Shape);
        return [new TensorInfo(x.Type, shape)];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var shape = InferOutputs(node, OperatorInputs.Describe(inputs))[0].Shape;
        var condition = Expand(RequireInput(node, inputs, 0), shape);
        var x = Expand(RequireInput(node, inputs, 1), shape);
        var y = Expand(RequireInput(node, inputs, 2), shape);
        var result = Tensor.Zeros(x.Type, shape);
        ReadOnlySpan<bool> c = condition.AsSpan<bool>();
        switch (x.Type.Size())
        {
            case 1:
                Select(c, x.Bits<byte>(), y.Bits<byte>(), result.Bits<byte>());
                break;
            case 2:
                Select(c, x.Bits<ushort>(), y.Bits<ushort>(), result.Bits<ushort>());
                break;
            case 4:
                Select(c, x.Bits<uint>(), y.Bits<uint>(), result.Bits<uint>());
                break;
            default:
                Select(c, x.Bits<ulong>(), y.Bits<ulong>(), result.Bits<ulong>());
                break;
        }

        return [result];
    }

    private static Tensor Expand(Tensor t, TensorShape shape) => t.Shape.Equals(shape) ? t : Broadcasting.BroadcastTo(t, shape);

    private static void Select<T>(ReadOnlySpan<bool> condition, ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where T : unmanaged
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = condition[i] ? x[i] : y[i];
        }
    }
}
