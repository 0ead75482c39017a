using Memflux.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX Gelu (opset 20): y = x·Φ(x) = ½x(1 + erf(x/√2)), or with approximate="tanh"
/// y = ½x(1 + tanh(√(2/π)(x + 0.044715x³))).
/// </summary>
public sealed class Gelu : Operator
{
    private const float SqrtHalf = 0.70710678118654752f;
    private const float SqrtTwoOverPi = 0.79788456080286536f;
    private const float Cubic = 0.044715f;

    /// <inheritdoc />
    public override string OpType => "Gelu";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["approximate"];

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        if (node.Opset < 20)
        {
            throw node.Error("Gelu is an operator of opset 20 and later; the model declares an earlier opset.");
        }

        _ = Approximate(node);
        var x = OperatorInputs.RequireFloat(node, inputs, 0);
        return [new TensorInfo(x.Type, x.Shape)];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var y = Tensor.Zeros(DataType.Float32, x.Shape);
        ReadOnlySpan<float> xs = x.Float32;
        var ys = y.Float32;
        if (Approximate(node))
        {
            // inner = √(2/π)·(x + 0.044715·x³), then y = ½x(1 + tanh(inner)).
            TensorPrimitives.Multiply(xs, xs, ys);
            TensorPrimitives.Multiply(ys, Cubic, ys);
            TensorPrimitives.Add(ys, 1f, ys);
            TensorPrimitives.Multiply(ys, xs, ys);
            TensorPrimitives.Multiply(ys, SqrtTwoOverPi, ys);
            TensorPrimitives.Tanh(ys, ys);
        }
        else
        {
            TensorPrimitives.Multiply(xs, SqrtHalf, ys);
            ErrorFunction.Erf(ys, ys);
        }

        TensorPrimitives.Add(ys, 1f, ys);
        TensorPrimitives.Multiply(ys, xs, ys);
        TensorPrimitives.Multiply(ys, 0.5f, ys);
        return [y];
    }

    private static bool Approximate(Node node) => node.Attributes.GetString("approximate", "none") switch
    {
        "none" => false,
        "tanh" => true,
        var other => throw node.Error($"attribute 'approximate' must be \"none\" or \"tanh\", found \"{other}\"."),
    };
}
