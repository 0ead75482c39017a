using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX QuantizeLinear (opsets 10–21): y = saturate(round_half_to_even(x / y_scale) + y_zero_point), per tensor or per
/// <c>axis</c> (opset 13+). The output type is the zero point's (uint8 without one), or <c>output_dtype</c>; int8,
/// uint8, int16 and uint16. Blocked quantization and the 8-bit float types are not supported.
/// </summary>
public sealed class QuantizeLinear : Operator
{
    /// <inheritdoc />
    public override string OpType => "QuantizeLinear";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["axis", "block_size", "output_dtype", "saturate"];

    /// <inheritdoc />
    public override int MinInputs => 2;

    /// <inheritdoc />
    public override int MaxInputs => 3;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var scale = RequireInput(node, inputs, 1);
        var zero = inputs.Count > 2 ? inputs[2] : null;
        QuantizationKernel.RejectBlocks(node);
        if (!(x.Type.IsFloatingPoint() || x.Type == DataType.Int32) || !scale.Type.IsFloatingPoint())
        {
            throw node.Error($"input 0 must be floating-point or int32 and input 1 (y_scale) floating-point, found {x.Type} and {scale.Type}.");
        }

        QuantizationKernel.CheckParameter(node, x.Shape, scale, 1, "y_scale");
        var type = OutputType(node, zero);
        if (zero is not null)
        {
            QuantizationKernel.CheckParameter(node, x.Shape, zero, 2, "y_zero_point");
        }

        return [new TensorInfo(type, x.Shape)];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var scale = RequireInput(node, inputs, 1);
        var zero = inputs.Count > 2 ? inputs[2] : null;
        int axis = QuantizationKernel.CheckParameter(node, x.Shape, TensorInfo.Of(scale), 1, "y_scale");
        var type = OutputType(node, zero is null ? null : TensorInfo.Of(zero));
        var zeros = QuantizationKernel.Longs(zero);
        var y = new long[x.Length];
        for (int i = 0; i < y.Length; i++)
        {
            int s = QuantizationKernel.ParameterIndex(i, x.Shape, axis, scale.Length), z = QuantizationKernel.ParameterIndex(i, x.Shape, axis, zeros.Length);
            // In the input's precision, as ONNX Runtime and the reference divide.
            double v = x.Type == DataType.Float32 ? x.Float32[i] / (float)scale.GetAsDouble(s) : x.GetAsDouble(i) / scale.GetAsDouble(s);
            y[i] = QuantizationKernel.Quantize(v, zeros[z], type);
        }

        return [QuantizationKernel.FromLongs(type, y, x.Shape)];
    }

    private static DataType OutputType(Node node, TensorInfo? zero)
    {
        long dtype = node.Attributes.GetInt("output_dtype", 0);
        var type = zero?.Type ?? (dtype == 0 ? DataType.UInt8 : OnnxElementTypes.FromAttribute(node, dtype, "output_dtype"));
        if (type is not (DataType.UInt8 or DataType.Int8 or DataType.UInt16 or DataType.Int16))
        {
            throw node.Error($"the quantized type is {type}; supported: UInt8, Int8, UInt16, Int16 (8-bit floats and 4-bit integers are not).");
        }

        return type;
    }
}
