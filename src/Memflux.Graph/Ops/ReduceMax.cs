using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>ONNX ReduceMax (opsets 1–21): the maximum over the reduced axes (NaN propagates); axes an attribute before opset 18 and an optional input from 18.</summary>
public sealed class ReduceMax : ReduceOperator
{
    /// <inheritdoc />
    public override string OpType => "ReduceMax";

    /// <inheritdoc />
    protected override IReadOnlyList<DataType> SupportedTypes { get; } =
        [DataType.Float32, DataType.Float64, DataType.Float16, DataType.Int32, DataType.Int64, DataType.Int8, DataType.UInt8];

    /// <inheritdoc />
    internal override ReduceKind Kind => ReduceKind.Max;
}
