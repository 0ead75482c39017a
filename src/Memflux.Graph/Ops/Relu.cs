using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>ONNX Relu: y = max(x, 0).</summary>
public sealed class Relu : Operator
{
    /// <inheritdoc />
    public override string OpType => "Relu";

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
        System.Numerics.Tensors.TensorPrimitives.Max(x.Float32, 0f, y.Float32);
        return [y];
    }
}
