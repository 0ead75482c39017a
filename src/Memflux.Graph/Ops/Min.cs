using System.Numerics;
using Memflux.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX Min (opset 6+): the elementwise minimum of one or more broadcast inputs; fp16, fp32, fp64 before opset 12,
/// every numeric type from 12. A NaN in any input gives NaN, as in ONNX Runtime.
/// </summary>
public sealed class Min : ExtremumOperator
{
    /// <inheritdoc />
    public override string OpType => "Min";

    /// <inheritdoc />
    protected override Tensor Compute(Node node, Tensor[] inputs) => Fold<MinimumOperator>(node, inputs);
}

/// <summary>min(x, y), NaN when either is NaN (TensorPrimitives.Min's rule; −0 below +0).</summary>
internal readonly struct MinimumOperator : INumericOperator<MinimumOperator>
{
    /// <inheritdoc />
    public static T Invoke<T>(T x, T y)
        where T : unmanaged, INumber<T> => T.Min(x, y);

    /// <inheritdoc />
    public static void Invoke<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where T : unmanaged, INumber<T> => TensorPrimitives.Min(x, y, destination);

    /// <inheritdoc />
    public static void Invoke<T>(ReadOnlySpan<T> x, T y, Span<T> destination)
        where T : unmanaged, INumber<T> => TensorPrimitives.Min(x, y, destination);

    /// <inheritdoc />
    public static void Invoke<T>(T x, ReadOnlySpan<T> y, Span<T> destination)
        where T : unmanaged, INumber<T> => TensorPrimitives.Min(y, x, destination);
}
