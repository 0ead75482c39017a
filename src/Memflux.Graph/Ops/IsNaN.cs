using System.Numerics;
using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>ONNX IsNaN (opset 9+): a bool tensor, true where x is NaN (fp16, fp32, fp64).</summary>
public sealed class IsNaN : Operator
{
    /// <inheritdoc />
    public override string OpType => "IsNaN";

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        if (!x.Type.IsFloatingPoint())
        {
            throw node.Error($"input 0 must be Float32, Float64 or Float16, found {x.Type}.");
        }

        return [new TensorInfo(DataType.Bool, x.Shape)];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var y = Tensor.Zeros(DataType.Bool, x.Shape);
        switch (x.Type)
        {
            case DataType.Float32:
                Test<float>(x, y);
                break;
            case DataType.Float64:
                Test<double>(x, y);
                break;
            default:
                Test<Half>(x, y);
                break;
        }

        return [y];
    }

    private static void Test<T>(Tensor x, Tensor y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReadOnlySpan<T> source = x.AsSpan<T>();
        Span<bool> target = y.AsSpan<bool>();
        for (int i = 0; i < target.Length; i++)
        {
            target[i] = T.IsNaN(source[i]);
        }
    }
}
