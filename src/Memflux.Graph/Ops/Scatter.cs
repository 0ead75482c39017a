using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX Scatter (opsets 9–10; deprecated at 11 in favour of ScatterElements, which it equals without reduction).
/// From opset 11 it is an error naming ScatterElements.
/// </summary>
public sealed class Scatter : Operator
{
    /// <inheritdoc />
    public override string OpType => "Scatter";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["axis"];

    /// <inheritdoc />
    public override int MinInputs => 3;

    /// <inheritdoc />
    public override int MaxInputs => 3;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        CheckOpset(node);
        return [ScatterElements.Infer(node, inputs, ScatterReduction.None)];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        CheckOpset(node);
        return [ScatterElements.Run(node, inputs, ScatterReduction.None)];
    }

    private static void CheckOpset(Node node)
    {
        if (node.Opset >= 11)
        {
            throw node.Error("Scatter is deprecated from opset 11 (ONNX Runtime rejects it there); use ScatterElements.");
        }
    }
}
