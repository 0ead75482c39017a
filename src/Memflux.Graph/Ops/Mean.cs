using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>ONNX Mean (opset 6+): the elementwise mean of one or more broadcast inputs (fp16, fp32, fp64): their sum, left to right, divided by their count.</summary>
/// <remarks>fp16 inputs are averaged in fp32 and rounded once, as ONNX Runtime's CPU provider does.</remarks>
public sealed class Mean : VariadicElementwiseOperator
{
    /// <inheritdoc />
    public override string OpType => "Mean";

    /// <inheritdoc />
    protected override bool Accepts(Node node, DataType type) => type.IsFloatingPoint();

    /// <inheritdoc />
    protected override string AcceptedTypes(Node node) => "Float32, Float64 or Float16";

    /// <inheritdoc />
    protected override Tensor Compute(Node node, Tensor[] inputs)
    {
        var type = inputs[0].Type;
        var wide = type == DataType.Float16 ? [.. inputs.Select(x => ElementConversion.To(x, DataType.Float32))] : inputs;
        var sum = Fold<AddOperator>(node, wide);
        var count = ElementConversion.To(Tensor.Scalar(inputs.Length), sum.Type);
        var mean = Broadcasting.ApplyInPlace<DivideOperator>(node, sum, count);
        return type == DataType.Float16 ? ElementConversion.To(mean, DataType.Float16) : mean;
    }
}
