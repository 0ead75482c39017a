namespace Memflux.Graph.Ops;

/// <summary>ONNX ReduceProd (opsets 1–21): the product over the reduced axes; axes an attribute before opset 18 and an optional input from 18.</summary>
public sealed class ReduceProd : ReduceOperator
{
    /// <inheritdoc />
    public override string OpType => "ReduceProd";

    /// <inheritdoc />
    internal override ReduceKind Kind => ReduceKind.Prod;
}
