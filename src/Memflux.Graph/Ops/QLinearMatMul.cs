using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX QLinearMatMul (opsets 10–21): the integer product of quantized A and B requantized to y's scale and zero point,
/// y = saturate(round_half_to_even(acc · a_scale · b_scale / y_scale) + y_zero_point), with the scale factor in fp32.
/// </summary>
public sealed class QLinearMatMul : Operator
{
    /// <inheritdoc />
    public override string OpType => "QLinearMatMul";

    /// <inheritdoc />
    public override int MinInputs => 8;

    /// <inheritdoc />
    public override int MaxInputs => 8;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var a = RequireInput(node, inputs, 0);
        var b = RequireInput(node, inputs, 3);
        var yZero = RequireInput(node, inputs, 7);
        if (a.Type is not (DataType.UInt8 or DataType.Int8) || b.Type is not (DataType.UInt8 or DataType.Int8) || yZero.Type is not (DataType.UInt8 or DataType.Int8))
        {
            throw node.Error($"a, b and y_zero_point must be uint8 or int8, found {a.Type}, {b.Type} and {yZero.Type}.");
        }

        foreach (int i in new[] { 1, 4, 6 })
        {
            if (RequireInput(node, inputs, i) is { Shape.ElementCount: not 1 } or { Type: not DataType.Float32 })
            {
                throw node.Error($"input {i} (a scale) must be a Float32 scalar, found {inputs[i]!.Type}{inputs[i]!.Shape}.");
            }
        }

        IntegerMatMul.CheckZeroPoint(node, RequireInput(node, inputs, 2), a.Type, 1, 2, "a_zero_point");
        IntegerMatMul.CheckZeroPoint(node, RequireInput(node, inputs, 5), b.Type, 1, 5, "b_zero_point");
        return [new TensorInfo(yZero.Type, IntegerMatMul.OutputShape(node, a.Shape, b.Shape))];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var infos = InferOutputs(node, OperatorInputs.Describe(inputs));
        var acc = IntegerMatMul.Run(node, inputs[0]!, QuantizationKernel.Longs(inputs[2]), inputs[3]!, QuantizationKernel.Longs(inputs[5]), out var shape);
        float multiplier = inputs[1]!.Float32[0] * inputs[4]!.Float32[0] / inputs[6]!.Float32[0];
        long zero = inputs[7]!.GetAsInt64(0);
        var y = acc.Select(v => QuantizationKernel.Quantize(v * multiplier, zero, infos[0].Type)).ToArray();
        return [QuantizationKernel.FromLongs(infos[0].Type, y, shape)];
    }
}
