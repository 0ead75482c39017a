using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>ONNX Not (opset 1+): logical negation of a bool tensor.</summary>
public sealed class Not : Operator
{
    /// <inheritdoc />
    public override string OpType => "Not";

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        if (x.Type != DataType.Bool)
        {
            throw node.Error($"input 0 must be Bool, found {x.Type}.");
        }

        return [new TensorInfo(DataType.Bool, x.Shape)];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var y = Tensor.Zeros(DataType.Bool, x.Shape);
        ReadOnlySpan<bool> source = x.AsSpan<bool>();
        Span<bool> target = y.AsSpan<bool>();
        for (int i = 0; i < target.Length; i++)
        {
            target[i] = !source[i];
        }

        return [y];
    }
}
