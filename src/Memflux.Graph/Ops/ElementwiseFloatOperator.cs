using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>A one-input fp32 operator without attributes whose output has the input's shape (Relu, Sigmoid, Tanh, Erf).</summary>
public abstract class ElementwiseFloatOperator : Operator
{
    /// <inheritdoc />
    public sealed override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = OperatorInputs.RequireFloat(node, inputs, 0);
        return [new TensorInfo(x.Type, x.Shape)];
    }

    /// <inheritdoc />
    public sealed override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var y = Tensor.Zeros(DataType.Float32, x.Shape);
        Apply(x.Float32, y.Float32);
        return [y];
    }

    /// <inheritdoc />
    public sealed override bool SupportsInPlace => true;

    /// <inheritdoc />
    public sealed override Tensor[] ExecuteInPlace(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        Apply(x.Float32, x.Float32);
        return [x];
    }

    /// <summary>Writes f(<paramref name="x"/>) into <paramref name="destination"/> (same length; may be the same span).</summary>
    protected abstract void Apply(ReadOnlySpan<float> x, Span<float> destination);
}
