using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX Upsample (opsets 7–9; deprecated from 10 in favour of Resize): nearest or linear interpolation with scales
/// ≥ 1 as an attribute (opsets 7–8) or a constant input (opset 9), run by Resize's kernel with Resize-10 semantics
/// (asymmetric coordinates, nearest floors).
/// </summary>
public sealed class Upsample : Operator
{
    /// <inheritdoc />
    public override string OpType => "Upsample";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes { get; } = ["mode", "scales"];

    /// <inheritdoc />
    public override int MaxInputs => 2;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        return [new TensorInfo(x.Type, Specify(node, x, inputs).Output)];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        return [ResizeKernel.Run(Specify(node, TensorInfo.Of(x), OperatorInputs.Describe(inputs)), x)];
    }

    private static ResizeSpec Specify(Node node, TensorInfo x, IReadOnlyList<TensorInfo?> inputs)
    {
        if (node.Opset >= 10)
        {
            throw node.Error("Upsample is deprecated from opset 10; the model should use Resize.");
        }

        float[] scales;
        if (node.Opset < 9)
        {
            if (inputs.Count > 1)
            {
                throw node.Error($"before opset 9 scales is an attribute; found {inputs.Count} inputs, expected 1.");
            }

            scales = [.. node.Attributes.GetFloats("scales") ?? throw node.Error("attribute 'scales' is required before opset 9.")];
        }
        else
        {
            if (node.Attributes.ContainsKey("scales"))
            {
                throw node.Error("from opset 9 scales is input 1, not an attribute.");
            }

            scales = Resize.ConstantFloats(node, inputs, 1, "scales") ?? throw node.Error("input 1 (scales) is required from opset 9.");
        }

        return Resize.Legacy(node, x, node.Attributes.GetString("mode", "nearest"), scales, allowShrink: false);
    }
}
