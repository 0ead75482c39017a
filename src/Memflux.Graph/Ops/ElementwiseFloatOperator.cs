using Memflux.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Memflux.Graph.Ops;

/// <summary>
/// A one-input elementwise operator over floating-point tensors whose output has the input's type and shape (Relu,
/// Exp, Elu, ...). fp32 and fp64 run their own kernels; fp16 is widened to fp32, computed, and rounded back once, as
/// ONNX Runtime's CPU provider does for the operators it has no fp16 kernel for.
/// </summary>
public abstract class ElementwiseFloatOperator : Operator
{
    /// <summary>fp32, fp64 and fp16: the types most of these operators accept.</summary>
    protected static IReadOnlyList<DataType> FloatTypes { get; } = [DataType.Float32, DataType.Float64, DataType.Float16];

    /// <inheritdoc />
    public sealed override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var types = InputTypes(node);
        if (!types.Contains(x.Type))
        {
            throw node.Error($"input 0 must be {string.Join(", ", types)}, found {x.Type}.");
        }

        CheckAttributes(node);
        return [new TensorInfo(x.Type, x.Shape)];
    }

    /// <inheritdoc />
    public sealed override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var y = Tensor.Zeros(x.Type, x.Shape);
        Compute(node, x, y);
        return [y];
    }

    /// <inheritdoc />
    public sealed override bool SupportsInPlace => true;

    /// <inheritdoc />
    public sealed override Tensor[] ExecuteInPlace(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        Compute(node, x, x);
        return [x];
    }

    /// <summary>The input types the operator accepts at <paramref name="node"/>'s opset (fp32, fp64, fp16 unless overridden).</summary>
    protected virtual IReadOnlyList<DataType> InputTypes(Node node) => FloatTypes;

    /// <summary>Checks attribute values at import (e.g. a range), throwing via <see cref="Node.Error"/>.</summary>
    protected virtual void CheckAttributes(Node node)
    {
    }

    /// <summary>Writes f(<paramref name="x"/>) into <paramref name="destination"/> (same length; may be the same span).</summary>
    protected abstract void Apply(Node node, ReadOnlySpan<float> x, Span<float> destination);

    /// <summary>The fp64 form of <see cref="Apply(Node, ReadOnlySpan{float}, Span{float})"/>.</summary>
    protected abstract void Apply(Node node, ReadOnlySpan<double> x, Span<double> destination);

    /// <summary>Applies the operator to a non-floating-point input its <see cref="InputTypes"/> list (integer Relu).</summary>
    protected virtual void ApplyOther(Node node, Tensor x, Tensor destination) =>
        throw new InvalidOperationException($"{node.Describe()}: no kernel for {x.Type}.");

    private void Compute(Node node, Tensor x, Tensor y)
    {
        switch (x.Type)
        {
            case DataType.Float32:
                Apply(node, x.Float32, y.Float32);
                break;
            case DataType.Float64:
                Apply(node, x.AsSpan<double>(), y.AsSpan<double>());
                break;
            case DataType.Float16:
                var wide = new float[x.Length];
                TensorPrimitives.ConvertToSingle(x.AsSpan<Half>(), wide);
                Apply(node, wide, wide);
                TensorPrimitives.ConvertToHalf(wide, y.AsSpan<Half>());
                break;
            default:
                ApplyOther(node, x, y);
                break;
        }
    }
}
