namespace Memflux.Graph.Ops;

/// <summary>ONNX ReduceL1 (opsets 1–21): the sum of absolute values over the reduced axes; axes an attribute before opset 18 and an optional input from 18.</summary>
public sealed class ReduceL1 : ReduceOperator
{
    /// <inheritdoc />
    public override string OpType => "ReduceL1";

    /// <inheritdoc />
    internal override ReduceKind Kind => ReduceKind.L1;
}
