using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>ONNX LeakyRelu (opset 6+): y = x ≥ 0 ? x : alpha·x, alpha defaulting to 0.01.</summary>
public sealed class LeakyRelu : Operator
{
    /// <inheritdoc />
    public override string OpType => "LeakyRelu";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["alpha"];

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = OperatorInputs.RequireFloat(node, inputs, 0);
        return [new TensorInfo(x.Type, x.Shape)];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var y = Tensor.Zeros(DataType.Float32, x.Shape);
        UnaryKernel.Apply(x.Float32, y.Float32, new LeakyReluOperator(node.Attributes.GetFloat("alpha", 0.01f)));
        return [y];
    }
}
