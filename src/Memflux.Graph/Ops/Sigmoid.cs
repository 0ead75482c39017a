using Memflux.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Memflux.Graph.Ops;

/// <summary>ONNX Sigmoid: y = 1 / (1 + e^−x).</summary>
public sealed class Sigmoid : Operator
{
    /// <inheritdoc />
    public override string OpType => "Sigmoid";

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
        TensorPrimitives.Sigmoid(x.Float32, y.Float32);
        return [y];
    }
}
