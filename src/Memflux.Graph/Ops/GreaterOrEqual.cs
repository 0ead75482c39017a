using System.Numerics;
using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>ONNX GreaterOrEqual (opset 12+): a ≥ b elementwise, with multidirectional broadcasting, over any numeric type; the result is bool.</summary>
public sealed class GreaterOrEqual : ElementwiseComparison
{
    /// <inheritdoc />
    public override string OpType => "GreaterOrEqual";

    /// <inheritdoc />
    protected override Tensor Compare(Node node, Tensor a, Tensor b) => Broadcasting.Compare<GreaterThanOrEqual>(node, a, b);

    private readonly struct GreaterThanOrEqual : IComparisonOperator
    {
        public static bool Invoke<T>(T x, T y)
            where T : unmanaged, INumber<T> => x >= y;
    }
}
