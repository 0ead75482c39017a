using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>ONNX NegativeLogLikelihoodLoss (opsets 12–21): see <see cref="LossKernel"/>.</summary>
public sealed class NegativeLogLikelihoodLoss : Operator
{
    /// <inheritdoc />
    public override string OpType => "NegativeLogLikelihoodLoss";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => LossKernel.Attributes;

    /// <inheritdoc />
    public override int MinInputs => 2;

    /// <inheritdoc />
    public override int MaxInputs => 3;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs) =>
        [LossKernel.Infer(node, RequireInput(node, inputs, 0), RequireInput(node, inputs, 1), inputs.Count > 2 ? inputs[2] : null)];

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs) =>
        [LossKernel.Run(node, RequireInput(node, inputs, 0), RequireInput(node, inputs, 1), inputs.Count > 2 ? inputs[2] : null)];
}
