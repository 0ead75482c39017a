namespace Memflux.Graph.Ops;

/// <summary>ONNX ReduceLogSumExp (opsets 1–21): log Σ exp x over the reduced axes, computed as m + log Σ exp(x − m) with m the maximum; axes an attribute before opset 18 and an optional input from 18.</summary>
public sealed class ReduceLogSumExp : ReduceOperator
{
    /// <inheritdoc />
    public override string OpType => "ReduceLogSumExp";

    /// <inheritdoc />
    internal override ReduceKind Kind => ReduceKind.LogSumExp;
}
