using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX QLinearConv (opsets 10–21): the integer convolution of quantized x and w plus the int32 bias B, requantized:
/// y = saturate(round_half_to_even(acc · x_scale · w_scale[m] / y_scale) + y_zero_point), the factor in fp32; w's scale
/// and zero point per tensor or per output channel.
/// </summary>
public sealed class QLinearConv : Operator
{
    /// <inheritdoc />
    public override string OpType => "QLinearConv";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes { get; } = [.. SpatialWindow.AttributeNames, "group"];

    /// <inheritdoc />
    public override int MinInputs => 8;

    /// <inheritdoc />
    public override int MaxInputs => 9;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var w = RequireInput(node, inputs, 3);
        var yZero = RequireInput(node, inputs, 7);
        var (s, _) = IntegerConvolution.Window(node, x, w);
        int m = w.Shape[0];
        IntegerMatMul.CheckZeroPoint(node, RequireInput(node, inputs, 2), x.Type, 1, 2, "x_zero_point");
        IntegerMatMul.CheckZeroPoint(node, RequireInput(node, inputs, 5), w.Type, m, 5, "w_zero_point");
        foreach (var (i, length) in new[] { (1, 1), (4, m), (6, 1) })
        {
            var scale = RequireInput(node, inputs, i);
            if (scale.Type != DataType.Float32 || !(scale.Shape.ElementCount == 1 || (scale.Shape.Rank == 1 && scale.Shape[0] == length)))
            {
                throw node.Error($"input {i} (a scale) must be a Float32 scalar{(length > 1 ? $" or Float32[{length}]" : "")}, found {scale.Type}{scale.Shape}.");
            }
        }

        if (inputs.Count > 8 && inputs[8] is { } bias && (bias.Type != DataType.Int32 || bias.Shape.Rank != 1 || bias.Shape[0] != m))
        {
            throw node.Error($"input 8 (B) must be Int32[{m}], found {bias.Type}{bias.Shape}.");
        }

        if (yZero.Type is not (DataType.UInt8 or DataType.Int8))
        {
            throw node.Error($"input 7 (y_zero_point) must be uint8 or int8, found {yZero.Type}.");
        }

        return [new TensorInfo(yZero.Type, QuantizationKernel.ConvolutionShape(x.Shape[0], m, s, x.Shape.Rank))];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var infos = InferOutputs(node, OperatorInputs.Describe(inputs));
        var acc = IntegerConvolution.Run(node, inputs[0]!, inputs[2]!.GetAsInt64(0), inputs[3]!, QuantizationKernel.Longs(inputs[5]));
        var bias = inputs.Count > 8 && inputs[8] is { } b ? OperatorInputs.ToInt64s(b) : null;
        var shape = infos[0].Shape;
        int m = shape[1], plane = shape.ElementCount / Math.Max(1, shape[0] * m);
        float xScale = inputs[1]!.Float32[0], yScale = inputs[6]!.Float32[0];
        var wScale = inputs[4]!.Float32;
        long zero = inputs[7]!.GetAsInt64(0);
        var y = new long[acc.Length];
        for (int i = 0; i < y.Length; i++)
        {
            int channel = (i / plane) % m;
            float multiplier = xScale * wScale[wScale.Length == 1 ? 0 : channel] / yScale;
            y[i] = QuantizationKernel.Quantize((acc[i] + (bias?[channel] ?? 0)) * multiplier, zero, infos[0].Type);
        }

        return [QuantizationKernel.FromLongs(infos[0].Type, y, shape)];
    }
}
