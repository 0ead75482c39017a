using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// A comparison of two broadcast inputs of one numeric type giving a bool tensor (Equal, Greater, GreaterOrEqual,
/// Less, LessOrEqual). NaN compares false with everything, as in IEEE 754 and ONNX Runtime.
/// </summary>
public abstract class ElementwiseComparison : Operator
{
    /// <inheritdoc />
    public sealed override int MinInputs => 2;

    /// <inheritdoc />
    public sealed override int MaxInputs => 2;

    /// <inheritdoc />
    public sealed override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var info = Broadcasting.InferBinary(node, inputs);
        if (info.Type == DataType.Bool && !AcceptsBool)
        {
            throw node.Error("inputs must be a numeric type, found Bool.");
        }

        return [info with { Type = DataType.Bool }];
    }

    /// <inheritdoc />
    public sealed override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var a = RequireInput(node, inputs, 0);
        var b = RequireInput(node, inputs, 1);
        return [a.Type == DataType.Bool ? CompareBool(node, a, b) : Compare(node, a, b)];
    }

    /// <summary>True when bool inputs are accepted (Equal).</summary>
    protected virtual bool AcceptsBool => false;

    /// <summary>The comparison over numeric inputs (<see cref="Broadcasting.Compare{TOp}"/> with the operation).</summary>
    protected abstract Tensor Compare(Node node, Tensor a, Tensor b);

    /// <summary>The comparison over bool inputs, for operators with <see cref="AcceptsBool"/>.</summary>
    protected virtual Tensor CompareBool(Node node, Tensor a, Tensor b) =>
        throw new InvalidOperationException($"{node.Describe()}: bool inputs are refused at import.");
}
