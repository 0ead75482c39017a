using System.Numerics;
using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>ONNX Greater (opset 7+): a &gt; b elementwise, with multidirectional broadcasting, over any numeric type; the result is bool.</summary>
public sealed class Greater : ElementwiseComparison
{
    /// <inheritdoc />
    public override string OpType => "Greater";

    /// <inheritdoc />
    protected override Tensor Compare(Node node, Tensor a, Tensor b) => Broadcasting.Compare<GreaterThan>(node, a, b);

    private readonly struct GreaterThan : IComparisonOperator
    {
        public static bool Invoke<T>(T x, T y)
            where T : unmanaged, INumber<T> => x > y;
    }
}
