namespace Memflux.Graph.Ops;

/// <summary>ONNX ReduceL2 (opsets 1–21): the square root of the sum of squares over the reduced axes; axes an attribute before opset 18 and an optional input from 18.</summary>
public sealed class ReduceL2 : ReduceOperator
{
    /// <inheritdoc />
    public override string OpType => "ReduceL2";

    /// <inheritdoc />
    internal override ReduceKind Kind => ReduceKind.L2;
}
