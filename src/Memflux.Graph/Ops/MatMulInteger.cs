using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>ONNX MatMulInteger (opsets 10–21): Σₖ (A − a_zero_point)(B − b_zero_point) in int32, for uint8/int8 A and B.</summary>
public sealed class MatMulInteger : Operator
{
    /// <inheritdoc />
    public override string OpType => "MatMulInteger";

    /// <inheritdoc />
    public override int MinInputs => 2;

    /// <inheritdoc />
    public override int MaxInputs => 4;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var a = RequireInput(node, inputs, 0);
        var b = RequireInput(node, inputs, 1);
        if (a.Type is not (DataType.UInt8 or DataType.Int8) || b.Type is not (DataType.UInt8 or DataType.Int8))
        {
            throw node.Error($"inputs A and B must be uint8 or int8, found {a.Type} and {b.Type}.");
        }

        var shape = IntegerMatMul.OutputShape(node, a.Shape, b.Shape);
        IntegerMatMul.CheckZeroPoint(node, inputs.Count > 2 ? inputs[2] : null, a.Type, a.Shape[^2], 2, "a_zero_point");
        IntegerMatMul.CheckZeroPoint(node, inputs.Count > 3 ? inputs[3] : null, b.Type, b.Shape[^1], 3, "b_zero_point");
        return [new TensorInfo(DataType.Int32, shape)];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var y = IntegerMatMul.Run(
            node, RequireInput(node, inputs, 0), QuantizationKernel.Longs(inputs.Count > 2 ? inputs[2] : null),
            RequireInput(node, inputs, 1), QuantizationKernel.Longs(inputs.Count > 3 ? inputs[3] : null), out var shape);
        return [QuantizationKernel.FromLongs(DataType.Int32, y, shape)];
    }
}
