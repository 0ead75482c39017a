namespace Memflux.Graph.Ops;

/// <summary>ONNX ReduceSumSquare (opsets 1–21): the sum of squares over the reduced axes; axes an attribute before opset 18 and an optional input from 18.</summary>
public sealed class ReduceSumSquare : ReduceOperator
{
    /// <inheritdoc />
    public override string OpType => "ReduceSumSquare";

    /// <inheritdoc />
    internal override ReduceKind Kind => ReduceKind.SumSquare;
}
