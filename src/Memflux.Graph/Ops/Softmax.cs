using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX Softmax (opsets 1–21): y = exp(x − max) / Σ exp(x − max). Before opset 13 the input is coerced to 2-D at
/// <c>axis</c> (default 1); from opset 13 it is normalized along <c>axis</c> only (default −1).
/// </summary>
public sealed class Softmax : Operator
{
    /// <inheritdoc />
    public override string OpType => "Softmax";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes { get; } = ["axis"];

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs) =>
        [SoftmaxKernel.Infer(node, RequireInput(node, inputs, 0))];

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs) =>
        [SoftmaxKernel.Run(node, RequireInput(node, inputs, 0), log: false)];
}
