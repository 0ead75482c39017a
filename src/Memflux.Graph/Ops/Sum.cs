using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>ONNX Sum (opset 6+): the elementwise sum of one or more broadcast inputs (fp16, fp32, fp64), added left to right.</summary>
/// <remarks>fp16 inputs are summed in fp32 and rounded once, as ONNX Runtime's CPU provider does.</remarks>
public sealed class Sum : VariadicElementwiseOperator
{
    /// <inheritdoc />
    public override string OpType => "Sum";

    /// <inheritdoc />
    protected override bool Accepts(Node node, DataType type) => type.IsFloatingPoint();

    /// <inheritdoc />
    protected override string AcceptedTypes(Node node) => "Float32, Float64 or Float16";

    /// <inheritdoc />
    protected override Tensor Compute(Node node, Tensor[] inputs)
    {
        if (inputs[0].Type != DataType.Float16)
        {
            return Fold<AddOperator>(node, inputs);
        }

        var wide = Fold<AddOperator>(node, [.. inputs.Select(x => ElementConversion.To(x, DataType.Float32))]);
        return ElementConversion.To(wide, DataType.Float16);
    }
}
