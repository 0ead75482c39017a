using System.Numerics;
using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>ONNX Less (opset 7+): a &lt; b elementwise, with multidirectional broadcasting, over any numeric type; the result is bool.</summary>
public sealed class Less : ElementwiseComparison
{
    /// <inheritdoc />
    public override string OpType => "Less";

    /// <inheritdoc />
    protected override Tensor Compare(Node node, Tensor a, Tensor b) => Broadcasting.Compare<LessThan>(node, a, b);

    private readonly struct LessThan : IComparisonOperator
    {
        public static bool Invoke<T>(T x, T y)
            where T : unmanaged, INumber<T> => x < y;
    }
}
