using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX EyeLike (opset 9): a 2-D tensor of the input's shape with ones on the k-th diagonal (j = i + k) and zeros
/// elsewhere; the element type is the attribute <c>dtype</c> (an ONNX TensorProto type number) or the input's.
/// </summary>
public sealed class EyeLike : Operator
{
    /// <inheritdoc />
    public override string OpType => "EyeLike";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["dtype", "k"];

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs) =>
        [TensorInfo.Of(Compute(node, RequireInput(node, inputs, 0)))];

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs) => [Compute(node, TensorInfo.Of(RequireInput(node, inputs, 0)))];

    /// <summary>The output depends only on the input's shape, so it is known at import.</summary>
    private static Tensor Compute(Node node, TensorInfo x)
    {
        if (x.Shape.Rank != 2)
        {
            throw node.Error($"input 0 must be 2-D, found shape {x.Shape}.");
        }

        var type = node.Attributes.ContainsKey("dtype") ? OnnxElementTypes.FromAttribute(node, node.Attributes.RequireInt("dtype"), "dtype") : x.Type;
        long k = node.Attributes.GetInt("k", 0);
        var y = Tensor.Zeros(type, x.Shape);
        var one = OneOf(type);
        int rows = x.Shape[0], cols = x.Shape[1];
        var bytes = y.Bytes;
        int size = type.Size();
        for (int i = 0; i < rows; i++)
        {
            long j = i + k;
            if (j >= 0 && j < cols)
            {
                one.CopyTo(bytes[((int)((i * (long)cols) + j) * size)..]);
            }
        }

        return y;
    }

    /// <summary>The bytes of the value 1 in <paramref name="type"/>.</summary>
    private static byte[] OneOf(DataType type)
    {
        var one = Tensor.Zeros(type, new TensorShape(1));
        switch (type)
        {
            case DataType.Float32: one.AsSpan<float>()[0] = 1; break;
            case DataType.Float64: one.AsSpan<double>()[0] = 1; break;
            case DataType.Float16: one.AsSpan<Half>()[0] = Half.One; break;
            case DataType.Bool: one.AsSpan<bool>()[0] = true; break;
            default: one.Bytes[0] = 1; break; // integers are little-endian
        }

        return one.Bytes.ToArray();
    }
}
