using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>ONNX And (opset 7+): a ∧ b elementwise over bool tensors, with multidirectional broadcasting.</summary>
public sealed class And : ElementwiseLogical
{
    /// <inheritdoc />
    public override string OpType => "And";

    /// <inheritdoc />
    protected override Tensor Apply(Node node, Tensor a, Tensor b) => Broadcasting.Logical<Operation>(node, a, b);

    private readonly struct Operation : ILogicalOperator
    {
        public static bool Invoke(bool x, bool y) => x && y;
    }
}
