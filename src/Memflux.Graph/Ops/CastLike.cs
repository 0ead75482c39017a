using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX CastLike (opset 15+): input 0 converted to the element type of input 1 (whose values are not read), with
/// <see cref="Cast"/>'s rules; <c>saturate</c> (opset 19+) as for Cast.
/// </summary>
public sealed class CastLike : Operator
{
    /// <inheritdoc />
    public override string OpType => "CastLike";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["saturate"];

    /// <inheritdoc />
    public override int MinInputs => 2;

    /// <inheritdoc />
    public override int MaxInputs => 2;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var like = RequireInput(node, inputs, 1);
        Cast.CheckSaturate(node);
        return [new TensorInfo(like.Type, x.Shape)];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs) =>
        [ElementConversion.To(RequireInput(node, inputs, 0), RequireInput(node, inputs, 1).Type)];
}
