using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>Max and Min: fp16, fp32 and fp64 before opset 12, every numeric type from 12.</summary>
public abstract class ExtremumOperator : VariadicElementwiseOperator
{
    /// <inheritdoc />
    protected sealed override bool Accepts(Node node, DataType type) => node.Opset >= 12 ? type != DataType.Bool : type.IsFloatingPoint();

    /// <inheritdoc />
    protected sealed override string AcceptedTypes(Node node) => node.Opset >= 12 ? "a numeric type" : "Float32, Float64 or Float16 before opset 12";
}
