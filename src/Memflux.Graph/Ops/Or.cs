using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>ONNX Or (opset 7+): a ∨ b elementwise over bool tensors, with multidirectional broadcasting.</summary>
public sealed class Or : ElementwiseLogical
{
    /// <inheritdoc />
    public override string OpType => "Or";

    /// <inheritdoc />
    protected override Tensor Apply(Node node, Tensor a, Tensor b) => Broadcasting.Logical<Operation>(node, a, b);

    private readonly struct Operation : ILogicalOperator
    {
        public static bool Invoke(bool x, bool y) => x || y;
    }
}
