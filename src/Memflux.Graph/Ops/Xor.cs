using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>ONNX Xor (opset 7+): a ⊕ b (exclusive or) elementwise over bool tensors, with multidirectional broadcasting.</summary>
public sealed class Xor : ElementwiseLogical
{
    /// <inheritdoc />
    public override string OpType => "Xor";

    /// <inheritdoc />
    protected override Tensor Apply(Node node, Tensor a, Tensor b) => Broadcasting.Logical<Operation>(node, a, b);

    private readonly struct Operation : ILogicalOperator
    {
        public static bool Invoke(bool x, bool y) => x ^ y;
    }
}
