using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX DequantizeLinear (opsets 10–21): y = (x − x_zero_point) · x_scale, per tensor or per <c>axis</c> (opset 13+),
/// for int8, uint8, int16, uint16 and int32 x (int32 has no zero point); y has the scale's type.
/// </summary>
public sealed class DequantizeLinear : Operator
{
    /// <inheritdoc />
    public override string OpType => "DequantizeLinear";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["axis", "block_size"];

    /// <inheritdoc />
    public override int MinInputs => 2;

    /// <inheritdoc />
    public override int MaxInputs => 3;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var scale = RequireInput(node, inputs, 1);
        QuantizationKernel.RejectBlocks(node);
        if (!QuantizationKernel.IsQuantized(x.Type) || !scale.Type.IsFloatingPoint())
        {
            throw node.Error($"input 0 must be int8, uint8, int16, uint16 or int32 and input 1 (x_scale) floating-point, found {x.Type} and {scale.Type}.");
        }

        QuantizationKernel.CheckParameter(node, x.Shape, scale, 1, "x_scale");
        if (inputs.Count > 2 && inputs[2] is { } zero)
        {
            if (zero.Type != x.Type)
            {
                throw node.Error($"input 2 (x_zero_point) must have x's type {x.Type}, found {zero.Type}.");
            }

            QuantizationKernel.CheckParameter(node, x.Shape, zero, 2, "x_zero_point");
        }

        return [new TensorInfo(scale.Type, x.Shape)];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var scale = RequireInput(node, inputs, 1);
        var zeros = QuantizationKernel.Longs(inputs.Count > 2 ? inputs[2] : null);
        int axis = QuantizationKernel.CheckParameter(node, x.Shape, TensorInfo.Of(scale), 1, "x_scale");
        var y = new double[x.Length];
        for (int i = 0; i < y.Length; i++)
        {
            int s = QuantizationKernel.ParameterIndex(i, x.Shape, axis, scale.Length), z = QuantizationKernel.ParameterIndex(i, x.Shape, axis, zeros.Length);
            long q = x.GetAsInt64(i) - zeros[z];
            y[i] = scale.Type == DataType.Float32 ? q * (float)scale.GetAsDouble(s) : q * scale.GetAsDouble(s);
        }

        return [LossKernel.FromDoubles(scale.Type, y, x.Shape)];
    }
}
