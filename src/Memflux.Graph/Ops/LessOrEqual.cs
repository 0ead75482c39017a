using System.Numerics;
using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>ONNX LessOrEqual (opset 12+): a ≤ b elementwise, with multidirectional broadcasting, over any numeric type; the result is bool.</summary>
public sealed class LessOrEqual : ElementwiseComparison
{
    /// <inheritdoc />
    public override string OpType => "LessOrEqual";

    /// <inheritdoc />
    protected override Tensor Compare(Node node, Tensor a, Tensor b) => Broadcasting.Compare<LessThanOrEqual>(node, a, b);

    private readonly struct LessThanOrEqual : IComparisonOperator
    {
        public static bool Invoke<T>(T x, T y)
            where T : unmanaged, INumber<T> => x <= y;
    }
}
