using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX Dropout at inference: the output is the input. Before opset 12 the ratio is an attribute; from opset 12
/// ratio and training_mode are optional inputs, and training_mode must be absent or a constant false, or a constant
/// true with a constant ratio of 0 (training that drops nothing: random dropout is not supported).
/// The optional mask output (opset 12+: bool) is all true, as nothing is dropped.
/// </summary>
public sealed class Dropout : Operator
{
    /// <inheritdoc />
    public override string OpType => "Dropout";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["ratio", "seed"];

    /// <inheritdoc />
    public override int MaxInputs => 3;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        if (node.Outputs.Count > 1 && node.Opset < 12)
        {
            throw node.Error($"the mask output ('{node.Outputs[1].Name}') before opset 12 is not defined for inference; only the mask of opset 12+ (all true without training_mode) is supported (remove it, as inference does not need it).");
        }

        if (node.Opset < 12 && inputs.Count > 1)
        {
            throw node.Error($"before opset 12 Dropout has one input (ratio is an attribute); found {inputs.Count}.");
        }

        if (inputs.Count > 2 && inputs[2] is { } training)
        {
            if (training.Constant is null)
            {
                throw node.Error("input 2 (training_mode) is computed at run time; only inference (training_mode absent or a constant false) is supported.");
            }

            if (training.Constant.Length != 1)
            {
                throw node.Error($"input 2 (training_mode) has shape {training.Shape}; expected a scalar.");
            }

            if (training.Constant.GetAsDouble(0) != 0 && !(inputs.Count > 1 && inputs[1]?.Constant is { Length: 1 } ratio && ratio.GetAsDouble(0) == 0))
            {
                throw node.Error("input 2 (training_mode) is true; only inference (training_mode absent or false) or training with a constant ratio of 0 (nothing dropped) is supported, as random dropout is not.");
            }
        }

        return node.Outputs.Count > 1 ? [x, new TensorInfo(DataType.Bool, x.Shape)] : [x];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        if (node.Outputs.Count < 2)
        {
            return [x];
        }

        var mask = Tensor.Zeros(DataType.Bool, x.Shape);
        mask.AsSpan<bool>().Fill(true);
        return [x, mask];
    }
}
