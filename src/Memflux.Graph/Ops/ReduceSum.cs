namespace Memflux.Graph.Ops;

/// <summary>ONNX ReduceSum (opsets 1–21): the sum over the reduced axes; axes an attribute before opset 13 and an optional input from 13.</summary>
public sealed class ReduceSum : ReduceOperator
{
    /// <inheritdoc />
    public override string OpType => "ReduceSum";

    /// <inheritdoc />
    protected override int AxesInputFromOpset => 13;

    /// <inheritdoc />
    internal override ReduceKind Kind => ReduceKind.Sum;
}
