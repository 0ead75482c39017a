using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>ONNX Erf (opset 9+): the Gauss error function, elementwise.</summary>
public sealed class Erf : Operator
{
    /// <inheritdoc />
    public override string OpType => "Erf";

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
        ErrorFunction.Erf(x.Float32, y.Float32);
        return [y];
    }
}
