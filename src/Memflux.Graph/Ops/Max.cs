using System.Numerics;
using Memflux.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX Max (opset 6+): the elementwise maximum of one or more broadcast inputs; fp16, fp32, fp64 before opset 12,
/// every numeric type from 12. A NaN in any input gives NaN, as in ONNX Runtime.
/// </summary>
public sealed class Max : ExtremumOperator
{
    /// <inheritdoc />
    public override string OpType => "Max";

    /// <inheritdoc />
    protected override Tensor Compute(Node node, Tensor[] inputs) => Fold<MaximumOperator>(node, inputs);
}

/// <summary>max(x, y), NaN when either is NaN (TensorPrimitives.Max's rule; +0 above −0).</summary>
internal readonly struct MaximumOperator : INumericOperator<MaximumOperator>
{
    /// <inheritdoc />
    public static T Invoke<T>(T x, T y)
        where T : unmanaged, INumber<T> => T.Max(x, y);

    /// <inheritdoc />
    public static void Invoke<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where T : unmanaged, INumber<T> => TensorPrimitives.Max(x, y, destination);

    /// <inheritdoc />
    public static void Invoke<T>(ReadOnlySpan<T> x, T y, Span<T> destination)
        where T : unmanaged, INumber<T> => TensorPrimitives.Max(x, y, destination);

    /// <inheritdoc />
    public static void Invoke<T>(T x, ReadOnlySpan<T> y, Span<T> destination)
        where T : unmanaged, INumber<T> => TensorPrimitives.Max(y, x, destination);
}
