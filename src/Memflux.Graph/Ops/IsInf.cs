using System.Numerics;
using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX IsInf (opset 10+): a bool tensor, true where x is +∞ (when <c>detect_positive</c>, default 1) or −∞ (when
/// <c>detect_negative</c>, default 1) (fp16, fp32, fp64).
/// </summary>
public sealed class IsInf : Operator
{
    /// <inheritdoc />
    public override string OpType => "IsInf";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["detect_negative", "detect_positive"];

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        if (!x.Type.IsFloatingPoint())
        {
            throw node.Error($"input 0 must be Float32, Float64 or Float16, found {x.Type}.");
        }

        foreach (string name in SupportedAttributes)
        {
            long flag = node.Attributes.GetInt(name, 1);
            if (flag is not (0 or 1))
            {
                throw node.Error($"attribute '{name}' must be 0 or 1, found {flag}.");
            }
        }

        return [new TensorInfo(DataType.Bool, x.Shape)];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var y = Tensor.Zeros(DataType.Bool, x.Shape);
        bool negative = node.Attributes.GetInt("detect_negative", 1) != 0;
        bool positive = node.Attributes.GetInt("detect_positive", 1) != 0;
        switch (x.Type)
        {
            case DataType.Float32:
                Test<float>(x, y, negative, positive);
                break;
            case DataType.Float64:
                Test<double>(x, y, negative, positive);
                break;
            default:
                Test<Half>(x, y, negative, positive);
                break;
        }

        return [y];
    }

    private static void Test<T>(Tensor x, Tensor y, bool negative, bool positive)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReadOnlySpan<T> source = x.AsSpan<T>();
        Span<bool> target = y.AsSpan<bool>();
        for (int i = 0; i < target.Length; i++)
        {
            T v = source[i];
            target[i] = (positive && T.IsPositiveInfinity(v)) || (negative && T.IsNegativeInfinity(v));
        }
    }
}
