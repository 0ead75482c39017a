using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX ConvInteger (opsets 10–21): Σ (x − x_zero_point)(w − w_zero_point) in int32 over the Conv window (1-D and 2-D,
/// groups, strides, pads, dilations, auto_pad), for uint8/int8 x and w; w's zero point per tensor or per output channel.
/// </summary>
public sealed class ConvInteger : Operator
{
    /// <inheritdoc />
    public override string OpType => "ConvInteger";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes { get; } = [.. SpatialWindow.AttributeNames, "group"];

    /// <inheritdoc />
    public override int MinInputs => 2;

    /// <inheritdoc />
    public override int MaxInputs => 4;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var w = RequireInput(node, inputs, 1);
        var (s, _) = IntegerConvolution.Window(node, x, w);
        IntegerMatMul.CheckZeroPoint(node, inputs.Count > 2 ? inputs[2] : null, x.Type, 1, 2, "x_zero_point");
        IntegerMatMul.CheckZeroPoint(node, inputs.Count > 3 ? inputs[3] : null, w.Type, w.Shape[0], 3, "w_zero_point");
        return [new TensorInfo(DataType.Int32, QuantizationKernel.ConvolutionShape(x.Shape[0], w.Shape[0], s, x.Shape.Rank))];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var infos = InferOutputs(node, OperatorInputs.Describe(inputs));
        var y = IntegerConvolution.Run(node, inputs[0]!, QuantizationKernel.Longs(inputs.Count > 2 ? inputs[2] : null)[0], inputs[1]!, QuantizationKernel.Longs(inputs.Count > 3 ? inputs[3] : null));
        return [QuantizationKernel.FromLongs(DataType.Int32, y, infos[0].Shape)];
    }
}
