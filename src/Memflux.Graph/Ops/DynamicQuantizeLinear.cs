using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX DynamicQuantizeLinear (opsets 11–21): uint8 quantization of fp32 x with the scale and zero point from its own
/// range, which is widened to include 0: scale = (max(x, 0) − min(x, 0)) / 255, zero_point = saturate(round(−min / scale)),
/// y = saturate(round(x / scale) + zero_point). Outputs y, y_scale, y_zero_point. An all-zero x gives scale 0 and y 0.
/// </summary>
public sealed class DynamicQuantizeLinear : Operator
{
    /// <inheritdoc />
    public override string OpType => "DynamicQuantizeLinear";

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        if (x.Type != DataType.Float32)
        {
            throw node.Error($"input 0 must be Float32, found {x.Type}.");
        }

        return [new TensorInfo(DataType.UInt8, x.Shape), new TensorInfo(DataType.Float32, TensorShape.Scalar), new TensorInfo(DataType.UInt8, TensorShape.Scalar)];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0).Float32;
        float min = 0, max = 0;
        foreach (float v in x)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        float scale = (max - min) / 255f;
        long zero = scale == 0 ? 0 : QuantizationKernel.Quantize((0f - min) / scale, 0, DataType.UInt8);
        var y = new long[x.Length];
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = scale == 0 ? zero : QuantizationKernel.Quantize(x[i] / scale, zero, DataType.UInt8);
        }

        return
        [
            QuantizationKernel.FromLongs(DataType.UInt8, y, new TensorShape([.. RequireInput(node, inputs, 0).Shape.Dimensions])),
            Tensor.Scalar(scale),
            QuantizationKernel.FromLongs(DataType.UInt8, [zero], TensorShape.Scalar),
        ];
    }
}
