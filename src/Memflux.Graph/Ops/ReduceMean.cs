namespace Memflux.Graph.Ops;

/// <summary>ONNX ReduceMean (opsets 1–21): the mean over the reduced axes (integer types divide with truncation); axes an attribute before opset 18 and an optional input from 18.</summary>
public sealed class ReduceMean : ReduceOperator
{
    /// <inheritdoc />
    public override string OpType => "ReduceMean";

    /// <inheritdoc />
    internal override ReduceKind Kind => ReduceKind.Mean;
}
