namespace Memflux.Graph.Ops;

/// <summary>ONNX ReduceLogSum (opsets 1–21): the natural logarithm of the sum over the reduced axes; axes an attribute before opset 18 and an optional input from 18.</summary>
public sealed class ReduceLogSum : ReduceOperator
{
    /// <inheritdoc />
    public override string OpType => "ReduceLogSum";

    /// <inheritdoc />
    internal override ReduceKind Kind => ReduceKind.LogSum;
}
