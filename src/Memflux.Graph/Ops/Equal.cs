using System.Numerics;
using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>ONNX Equal (opset 7+): a = b elementwise, with multidirectional broadcasting, over any numeric type and bool; the result is bool.</summary>
public sealed class Equal : ElementwiseComparison
{
    /// <inheritdoc />
    public override string OpType => "Equal";

    /// <inheritdoc />
    protected override bool AcceptsBool => true;

    /// <inheritdoc />
    protected override Tensor Compare(Node node, Tensor a, Tensor b) => Broadcasting.Compare<EqualTo>(node, a, b);

    /// <inheritdoc />
    protected override Tensor CompareBool(Node node, Tensor a, Tensor b) => Broadcasting.Logical<BoolEqualTo>(node, a, b);

    private readonly struct EqualTo : IComparisonOperator
    {
        public static bool Invoke<T>(T x, T y)
            where T : unmanaged, INumber<T> => x == y;
    }

    private readonly struct BoolEqualTo : ILogicalOperator
    {
        public static bool Invoke(bool x, bool y) => x == y;
    }
}
